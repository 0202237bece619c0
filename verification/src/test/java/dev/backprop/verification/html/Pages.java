package dev.backprop.verification.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** Reading a rendered page back: as XML, the way a test can see everything a browser would draw. */
final class Pages {
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String SVG = "http://www.w3.org/2000/svg";
    /** The only namespace URIs a page may name: they are identifiers, never fetched. */
    private static final Set<String> NAMESPACES = Set.of(XHTML, SVG, "http://www.w3.org/XML/1998/namespace");

    private Pages() {
    }

    /**
     * The page parsed as namespace-aware XML. The HTML5 doctype {@code <!DOCTYPE html>} is an XML doctype with no
     * external subset, so it is allowed; nothing external is loaded.
     */
    static Document parse(String page) throws Exception {
        assertTrue(page.startsWith("<!DOCTYPE html>\n"), "an HTML5 page starts with its doctype");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every element of the page, in document order. */
    static List<Element> all(Document doc) {
        List<Element> out = new ArrayList<>();
        NodeList n = doc.getElementsByTagName("*");
        for (int i = 0; i < n.getLength(); i++) {
            out.add((Element) n.item(i));
        }
        return out;
    }

    /** Elements below {@code root} (inclusive) named {@code local} in {@code ns} and carrying every class given. */
    static List<Element> find(Element root, String ns, String local, String... classes) {
        List<Element> out = new ArrayList<>();
        NodeList n = root.getElementsByTagNameNS(ns, local);
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            List<String> have = Arrays.asList(e.getAttribute("class").split("\\s+"));
            if (have.containsAll(Arrays.asList(classes))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The element with {@code id}, which must exist. */
    static Element byId(Document doc, String id) {
        for (Element e : all(doc)) {
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    /** The direct element children of {@code e} named {@code local}. */
    static List<Element> children(Element e, String local) {
        List<Element> out = new ArrayList<>();
        NodeList n = e.getChildNodes();
        for (int i = 0; i < n.getLength(); i++) {
            if (n.item(i) instanceof Element c && c.getLocalName().equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Nothing on the page reaches outside it: no script, no link, no embedded object or frame, no src at all, every
     * href an anchor in the page, no url() in CSS or attributes that is not a fragment, and no http(s) URL anywhere
     * except the namespace names themselves.
     */
    static void assertSelfContained(String page, Document doc) {
        String lower = page.toLowerCase(Locale.ROOT);
        for (String banned : List.of("<script", "<link", "<iframe", "<object", "<embed", "<img", "@import", "src=")) {
            assertFalse(lower.contains(banned), "the page contains " + banned);
        }
        for (Element e : all(doc)) {
            NamedNodeMap attributes = e.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Attr attr = (Attr) attributes.item(a);
                String name = attr.getName();
                String value = attr.getValue();
                if (name.equals("xmlns") || name.startsWith("xmlns:")) {
                    assertTrue(NAMESPACES.contains(value), "namespace " + value);
                    continue;
                }
                if (attr.getLocalName() != null && attr.getLocalName().equals("href")) {
                    assertTrue(value.startsWith("#"), "href " + value + " leaves the page");
                }
                assertFalse(value.toLowerCase(Locale.ROOT).matches("(?s).*(https?:|//|file:|data:).*"),
                        "attribute " + name + "=" + value + " on " + e.getTagName());
                if (value.contains("url(")) {
                    assertTrue(value.matches("(?s).*url\\(#[^)]+\\).*") && !value.matches("(?s).*url\\([^#].*"),
                            "attribute " + name + "=" + value + " refers outside the page");
                }
            }
        }
        // every http(s) in the text is a namespace name (the attributes were checked above, one by one)
        String text = page;
        for (String ns : NAMESPACES) {
            text = text.replace("\"" + ns + "\"", "\"\"");
        }
        assertFalse(text.toLowerCase(Locale.ROOT).contains("http:"), "an http: URL on the page");
        assertFalse(text.toLowerCase(Locale.ROOT).contains("https:"), "an https: URL on the page");
        // ids are unique: two inline SVGs sharing an id would point each other's references at the wrong element
        List<String> ids = all(doc).stream().map(e -> e.getAttribute("id")).filter(s -> !s.isEmpty()).toList();
        assertEquals(ids.size(), Set.copyOf(ids).size(), "duplicate ids: " + ids);
    }
}
