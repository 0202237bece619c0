package dev.backprop.verification.diagram;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Draws a {@link Diagram} as a self-contained SVG document: no scripts, no external fonts or images, a generic
 * {@code monospace} font; written with the JDK's {@link XMLStreamWriter}, so every label is escaped and the
 * document is well-formed XML.
 *
 * <h2>Layout</h2>
 * Three columns. The forward pass runs down the left: x, z1, s1, …, ŷ, ℓ, the factors of each arrow (W_k, b_k,
 * σ_k, r) beside it. The backward pass runs up the middle, g_k = ∂ℓ/∂z_k level with z_k, from g_L (reached from ℓ)
 * to g_1, the factors of each arrow (W_{k+1}, diag(σ_k'(z_k)), σ_k'(z_k)) beside it. The gradients ∂ℓ/∂W_k and
 * ∂ℓ/∂b_k leave each g_k to the right. Each box holds three lines: the label, the shape ({@code h1×d = 4×5}) and
 * the item of the notes.
 *
 * <p>Every part is one {@code <g class="part …">} with {@code data-role}, {@code data-name}, {@code data-shape}
 * and {@code data-item} attributes, so a reader (or a test) can find it; the viewBox is the extent of what is
 * drawn plus {@link #MARGIN}, with text widths estimated at {@link #CHAR_WIDTH} per character — a little above
 * the 0.6 em advance of common monospace fonts, so text stays inside its box.
 */
public final class SvgDiagram {
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    /** Space around everything drawn. */
    static final double MARGIN = 20;
    /** Font size of labels and shapes, px. */
    static final double FONT = 13;
    /** Font size of the items, px. */
    static final double SMALL = 11;
    /** Estimated advance of one character at {@link #FONT}: 0.62 em (monospace fonts advance 0.6 em). */
    static final double CHAR_WIDTH = 0.62 * FONT;
    /** Estimated advance of one character at {@link #SMALL}. */
    static final double SMALL_CHAR_WIDTH = 0.62 * SMALL;
    private static final double LINE = 17;
    private static final double PAD = 8;
    private static final double BOX_HEIGHT = 2 * PAD + 3 * LINE;
    private static final double FACTOR_HEIGHT = 2 * LINE + 4;
    private static final double GAP = 3 * FACTOR_HEIGHT + 2 * PAD;
    private static final double ARROW_INSET = 18;
    private static final double COLUMN_GAP = 60;
    private static final double TOP = 96;
    private static final String FORWARD = "forward (vectors are columns)";
    private static final String BACKWARD = "backward (g_k = ∂ℓ/∂z_k, rows)";
    private static final String GRADIENTS = "gradients (numerator layout, item 3)";

    private SvgDiagram() {
    }

    /** The diagram as an SVG document (UTF-8 declared; write it out as UTF-8). */
    public static String render(Diagram diagram) {
        List<Stage> forward = diagram.forward();
        List<Stage> backward = diagram.backward();
        int depth = diagram.shape().depth();

        double fx = MARGIN;
        double fw = boxWidth(forward);
        double fa = factorWidth(forward);
        double bx = fx + Math.max(Math.max(fw, text(FORWARD, FONT)), ARROW_INSET + 8 + fa) + COLUMN_GAP;
        double bw = boxWidth(backward);
        double ba = factorWidth(backward);
        double gx = bx + Math.max(Math.max(bw, text(BACKWARD, FONT)), ARROW_INSET + 8 + ba) + COLUMN_GAP;
        double gw = 0;
        for (Stage s : backward) {
            for (Part g : s.outputs()) {
                gw = Math.max(gw, partWidth(g));
            }
        }
        double width = Math.max(Math.max(gx + gw, gx + text(GRADIENTS, FONT)) + MARGIN,
                2 * MARGIN + Math.max(text(headline(diagram), FONT + 1), text(diagram.dimensions(), FONT)));
        double height = rowY(2 * depth) + BOX_HEIGHT + MARGIN;

        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.setDefaultNamespace(SVG_NS);
            w.writeStartElement(SVG_NS, "svg");
            w.writeDefaultNamespace(SVG_NS);
            w.writeAttribute("viewBox", "0 0 " + num(width) + " " + num(height));
            w.writeAttribute("width", num(width));
            w.writeAttribute("height", num(height));
            w.writeAttribute("font-family", "monospace");
            w.writeAttribute("font-size", num(FONT));
            element(w, "title", diagram.title());
            w.writeStartElement("defs");
            w.writeStartElement("marker");
            w.writeAttribute("id", "arrow");
            w.writeAttribute("viewBox", "0 0 10 10");
            w.writeAttribute("refX", "10");
            w.writeAttribute("refY", "5");
            w.writeAttribute("markerWidth", "8");
            w.writeAttribute("markerHeight", "8");
            w.writeAttribute("orient", "auto");
            w.writeEmptyElement("path");
            w.writeAttribute("d", "M0,0 L10,5 L0,10 z");
            w.writeAttribute("fill", "#333");
            w.writeEndElement();
            w.writeEndElement();
            rect(w, 0, 0, width, height, "#ffffff", "none");
            label(w, MARGIN, 26, headline(diagram), FONT + 1, "bold", "#000");
            label(w, MARGIN, 46, diagram.dimensions(), FONT, "normal", "#000");
            label(w, fx, TOP - 16, FORWARD, FONT, "bold", "#1f4e79");
            label(w, bx, TOP - 16, BACKWARD, FONT, "bold", "#7a2e0e");
            label(w, gx, TOP - 16, GRADIENTS, FONT, "bold", "#375623");

            // forward: x at row 0, then z_k (2k − 1), s_k (2k), ŷ (2L − 1), ℓ (2L)
            for (int s = 0; s < forward.size(); s++) {
                double y = rowY(s);
                if (s > 0) {
                    arrow(w, "M" + num(fx + ARROW_INSET) + "," + num(rowY(s - 1) + BOX_HEIGHT) + " V" + num(y));
                    factors(w, forward.get(s).incoming(), fx + ARROW_INSET + 8, rowY(s - 1) + BOX_HEIGHT + PAD);
                }
                box(w, forward.get(s).node(), fx, y, fw, "#deebf7", "#1f4e79");
            }
            // ℓ → g_L: along ℓ's row, then up the backward column
            double lossY = rowY(2 * depth) + BOX_HEIGHT / 2;
            arrow(w, "M" + num(fx + fw) + "," + num(lossY) + " H" + num(bx + ARROW_INSET) + " V"
                    + num(rowY(2 * depth - 1) + BOX_HEIGHT));
            label(w, fx + fw + 8, lossY - 6, "∂ℓ/∂ŷ", FONT, "normal", "#7a2e0e");

            // backward: g_k level with z_k (row 2k − 1); stages run g_L … g_1
            for (int s = 0; s < backward.size(); s++) {
                int k = depth - s;
                double y = rowY(2 * k - 1);
                Stage stage = backward.get(s);
                if (s > 0) {
                    arrow(w, "M" + num(bx + ARROW_INSET) + "," + num(rowY(2 * k + 1)) + " V" + num(y + BOX_HEIGHT));
                    factors(w, stage.incoming(), bx + ARROW_INSET + 8, y + BOX_HEIGHT + PAD);
                }
                box(w, stage.node(), bx, y, bw, "#fbe5d6", "#7a2e0e");
                double gy = y;
                for (Part g : stage.outputs()) {
                    double target = gy + BOX_HEIGHT / 2;
                    arrow(w, "M" + num(bx + bw) + "," + num(y + BOX_HEIGHT / 2) + " H" + num(gx - COLUMN_GAP / 2)
                            + " V" + num(target) + " H" + num(gx));
                    box(w, g, gx, gy, gw, "#e2f0d9", "#375623");
                    gy += BOX_HEIGHT + 2 * PAD;
                }
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            // a StringWriter cannot fail, and every name written above is a constant
            throw new IllegalStateException("writing the SVG failed", e);
        }
        return out.toString() + "\n";
    }

    private static String headline(Diagram d) {
        return d.heading() + "; " + d.loss();
    }

    /** Top of a row of boxes. */
    private static double rowY(int row) {
        return TOP + row * (BOX_HEIGHT + GAP);
    }

    private static double boxWidth(List<Stage> pass) {
        double widest = 0;
        for (Stage s : pass) {
            widest = Math.max(widest, partWidth(s.node()));
        }
        return widest;
    }

    private static double factorWidth(List<Stage> pass) {
        double widest = 0;
        for (Stage s : pass) {
            for (Part f : s.incoming()) {
                widest = Math.max(widest, Math.max(text(f.label() + "   " + f.shape().text(), FONT),
                        text(f.seedItem(), SMALL)));
            }
        }
        return widest;
    }

    /** The width of a box holding the part's three lines. */
    private static double partWidth(Part p) {
        return 2 * PAD + Math.max(Math.max(text(p.label(), FONT), text(p.shape().text(), FONT)),
                text(p.seedItem(), SMALL));
    }

    /** Estimated width of a text: its display columns times the advance at that size. */
    static double text(String s, double size) {
        return TextDiagram.width(s) * 0.62 * size;
    }

    private static void box(XMLStreamWriter w, Part p, double x, double y, double width, String fill, String stroke)
            throws XMLStreamException {
        startPart(w, p);
        rect(w, x, y, width, BOX_HEIGHT, fill, stroke);
        label(w, x + PAD, y + PAD + LINE - 4, p.label(), FONT, "bold", "#000");
        label(w, x + PAD, y + PAD + 2 * LINE - 4, p.shape().text(), FONT, "normal", "#000");
        label(w, x + PAD, y + PAD + 3 * LINE - 4, p.seedItem(), SMALL, "normal", "#555");
        w.writeEndElement();
    }

    /** The factors of an arrow, two lines each: label and shape, then the item. */
    private static void factors(XMLStreamWriter w, List<Part> factors, double x, double y) throws XMLStreamException {
        double top = y;
        for (Part f : factors) {
            startPart(w, f);
            label(w, x, top + LINE - 4, f.label() + "   " + f.shape().text(), FONT, "normal", "#000");
            label(w, x, top + 2 * LINE - 4, f.seedItem(), SMALL, "normal", "#555");
            w.writeEndElement();
            top += FACTOR_HEIGHT;
        }
    }

    private static void startPart(XMLStreamWriter w, Part p) throws XMLStreamException {
        w.writeStartElement("g");
        w.writeAttribute("class", "part " + p.role().name().toLowerCase(Locale.ROOT));
        w.writeAttribute("data-role", p.role().name().toLowerCase(Locale.ROOT));
        w.writeAttribute("data-name", p.name());
        w.writeAttribute("data-shape", p.shape().text());
        w.writeAttribute("data-item", p.seedItem());
    }

    private static void rect(XMLStreamWriter w, double x, double y, double width, double height, String fill,
            String stroke) throws XMLStreamException {
        w.writeEmptyElement("rect");
        w.writeAttribute("x", num(x));
        w.writeAttribute("y", num(y));
        w.writeAttribute("width", num(width));
        w.writeAttribute("height", num(height));
        w.writeAttribute("rx", "6");
        w.writeAttribute("fill", fill);
        w.writeAttribute("stroke", stroke);
    }

    private static void label(XMLStreamWriter w, double x, double y, String text, double size, String weight,
            String color) throws XMLStreamException {
        w.writeStartElement("text");
        w.writeAttribute("x", num(x));
        w.writeAttribute("y", num(y));
        if (size != FONT) {
            w.writeAttribute("font-size", num(size));
        }
        if (!"normal".equals(weight)) {
            w.writeAttribute("font-weight", weight);
        }
        w.writeAttribute("fill", color);
        w.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "space", "preserve");
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static void arrow(XMLStreamWriter w, String path) throws XMLStreamException {
        w.writeEmptyElement("path");
        w.writeAttribute("d", path);
        w.writeAttribute("fill", "none");
        w.writeAttribute("stroke", "#333");
        w.writeAttribute("stroke-width", "1.5");
        w.writeAttribute("marker-end", "url(#arrow)");
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    /** A coordinate with at most one decimal, in the root locale. */
    private static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }
}
