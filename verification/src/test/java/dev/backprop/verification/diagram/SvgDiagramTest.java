package dev.backprop.verification.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The SVG is well-formed, self-contained XML; every node, factor and gradient of the network is in it with its
 * shape written as the network's own shapes give it; everything drawn lies inside the viewBox and every text
 * inside its box.
 */
class SvgDiagramTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    /** The advance of a monospace character, 0.6 em, the common value (DejaVu Sans Mono, Liberation Mono). */
    private static final double MONOSPACE_ADVANCE = 0.6;

    static List<DeepNetwork> networks() {
        return List.of(
                ExpectedParts.network(new int[] {3, 2}),
                ExpectedParts.network(new int[] {4, 3, 2}, Activation.TANH),
                ExpectedParts.network(new int[] {5, 4, 3, 2}, Activation.TANH, Activation.RELU),
                ExpectedParts.network(new int[] {6, 5, 4, 3, 2, 7}, Activation.SIGMOID, Activation.TANH,
                        Activation.SOFTPLUS, Activation.LEAKY_RELU),
                ExpectedParts.network(new int[] {1, 1, 1}, Activation.IDENTITY));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text a reader sees in an element: its text elements' contents, one per line. */
    private static List<String> texts(Element e) {
        List<String> out = new ArrayList<>();
        NodeList t = e.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < t.getLength(); i++) {
            out.add(t.item(i).getTextContent());
        }
        return out;
    }

    private static List<Element> parts(Document doc) {
        List<Element> out = new ArrayList<>();
        NodeList gs = doc.getElementsByTagNameNS(SVG, "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttribute("class").startsWith("part ")) {
                out.add(g);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("networks")
    void everyPartAppearsWithTheNetworksOwnShapes(DeepNetwork net) throws Exception {
        Document doc = parse(SvgDiagram.render(Diagram.of(net)));
        List<Element> parts = parts(doc);
        Map<String, Element> byName = new HashMap<>();
        for (Element g : parts) {
            // a name may be drawn twice (W2 forward, W2 backward); both carry the same shape
            Element before = byName.put(g.getAttribute("data-name"), g);
            if (before != null) {
                assertEquals(before.getAttribute("data-shape"), g.getAttribute("data-shape"), g.getAttribute("data-name"));
            }
        }
        List<ExpectedParts.Expected> expected = ExpectedParts.of(net);
        for (ExpectedParts.Expected e : expected) {
            Element g = byName.get(e.name());
            assertTrue(g != null, "no part named " + e.name() + " for " + net.describe() + "; parts: " + byName.keySet());
            assertEquals(e.shape(), g.getAttribute("data-shape"), e.name());
            List<String> lines = texts(g);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(e.name())), e.name() + " not written: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains(e.shape())), e.name() + " without " + e.shape()
                    + ": " + lines);
            assertFalse(g.getAttribute("data-item").isBlank(), e.name() + " cites no item of the notes");
        }
        // nothing drawn that the network does not have
        assertEquals(expected.size(), byName.size(), "parts " + byName.keySet());
    }

    @ParameterizedTest
    @MethodSource("networks")
    void theDocumentIsSelfContainedAndEverythingLiesInsideTheViewBox(DeepNetwork net) throws Exception {
        String svg = SvgDiagram.render(Diagram.of(net));
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG, root.getNamespaceURI());
        String[] box = root.getAttribute("viewBox").trim().split("\\s+");
        assertEquals(4, box.length);
        double minX = Double.parseDouble(box[0]);
        double minY = Double.parseDouble(box[1]);
        double maxX = minX + Double.parseDouble(box[2]);
        double maxY = minY + Double.parseDouble(box[3]);
        for (String forbidden : List.of("script", "image", "foreignObject", "style", "use", "a")) {
            assertEquals(0, doc.getElementsByTagNameNS(SVG, forbidden).getLength(), "<" + forbidden + "> in the SVG");
        }
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attrs = all.item(i).getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                Node attr = attrs.item(a);
                if (!attr.getNodeName().startsWith("xmlns")) {
                    String v = attr.getNodeValue();
                    assertFalse(v.contains("http:") || v.contains("https:") || v.contains("@import"),
                            "a reference outside the document: " + attr.getNodeName() + "=" + v);
                }
            }
        }
        // rectangles and paths inside the viewBox
        NodeList rects = doc.getElementsByTagNameNS(SVG, "rect");
        assertTrue(rects.getLength() > 0);
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            double x = num(r, "x");
            double y = num(r, "y");
            assertTrue(x >= minX && y >= minY && x + num(r, "width") <= maxX + 1e-9 && y + num(r, "height") <= maxY + 1e-9,
                    "rect outside the viewBox at " + x + "," + y);
        }
        NodeList paths = doc.getElementsByTagNameNS(SVG, "path");
        Pattern coordinate = Pattern.compile("-?\\d+(\\.\\d+)?");
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            if (p.getParentNode().getLocalName().equals("marker")) {
                continue; // the arrowhead is drawn in its own 10×10 box
            }
            Matcher m = coordinate.matcher(p.getAttribute("d"));
            while (m.find()) {
                double v = Double.parseDouble(m.group());
                assertTrue(v >= Math.min(minX, minY) && v <= Math.max(maxX, maxY), "path outside: " + p.getAttribute("d"));
            }
        }
        // every text starts inside and, at a monospace advance, ends inside the viewBox — and inside its box
        NodeList texts = doc.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            double right = num(t, "x") + advance(t);
            assertTrue(num(t, "x") >= minX && right <= maxX && num(t, "y") <= maxY && num(t, "y") >= minY,
                    "text outside the viewBox: " + t.getTextContent());
            Node parent = t.getParentNode();
            NodeList rect = parent instanceof Element ? ((Element) parent).getElementsByTagNameNS(SVG, "rect")
                    : null;
            if (rect != null && rect.getLength() == 1 && parent.getLocalName().equals("g")) {
                Element r = (Element) rect.item(0);
                assertTrue(right <= num(r, "x") + num(r, "width") && num(t, "y") <= num(r, "y") + num(r, "height"),
                        "text outside its box: " + t.getTextContent());
            }
        }
    }

    @Test
    void theSeedsTwoHiddenLayerNetworkIsDrawnAndWrittenOut() throws Exception {
        Diagram d = Diagram.seedDiagramThree();
        assertEquals(3, d.shape().depth());
        String svg = SvgDiagram.render(d);
        String text = TextDiagram.render(d);
        Document doc = parse(svg);
        DeepNetwork same = ExpectedParts.network(new int[] {5, 4, 3, 2}, Activation.TANH, Activation.TANH);
        Map<String, String> shapes = new HashMap<>();
        for (Element g : parts(doc)) {
            shapes.put(g.getAttribute("data-name"), g.getAttribute("data-shape"));
        }
        for (ExpectedParts.Expected e : ExpectedParts.of(same)) {
            assertEquals(e.shape(), shapes.get(e.name()), e.name());
        }
        // the formula the notes print for Diagram 3, corrected (claims D3.W1): its factors are all drawn
        assertTrue(text.contains("∂ℓ/∂W1 = x g1"), text);
        assertTrue(text.contains("g1 = g2 W2 diag(σ1'(z1))"), text);
        assertTrue(text.contains("g2 = g3 W3 diag(σ2'(z2))"), text);
        Path dir = Path.of("target", "diagrams");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("seed-diagram-3.svg"), svg);
        Files.writeString(dir.resolve("seed-diagram-3.txt"), text);
        assertEquals(svg, Files.readString(dir.resolve("seed-diagram-3.svg")));
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /** The width a text takes at the monospace advance, its size its own or the root's. */
    private static double advance(Element t) {
        String size = t.getAttribute("font-size");
        double px = size.isEmpty() ? Double.parseDouble(t.getOwnerDocument().getDocumentElement().getAttribute("font-size"))
                : Double.parseDouble(size);
        return MONOSPACE_ADVANCE * px * TextDiagramTest.columns(t.getTextContent());
    }
}
