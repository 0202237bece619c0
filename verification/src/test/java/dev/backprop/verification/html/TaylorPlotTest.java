package dev.backprop.verification.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.large.TaylorRemainder;
import dev.backprop.verification.large.TaylorResult;
import dev.backprop.verification.large.TaylorResult.Point;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The plot, read back as a reader reads it: the decade labels give the axes, and from the drawn coordinates alone
 * the points are where the test's numbers put them, the right gradient's judged pair has slope 2 and the wrong
 * one's slope 1, and the reference lines have the slopes they are labelled with. Points a log axis cannot show are
 * named, never drawn.
 */
class TaylorPlotTest {
    private static final long SEED = 17L;
    private static TaylorResult right;
    private static TaylorResult wrong;

    /** A network of depth 3 with two curved activations, its optimized gradient, and that gradient with layer 1 × 1.01. */
    @BeforeAll
    static void taylorTests() {
        DeepCase c = Generators.deepCase(new int[] {6, 5, 4, 3}, List.of(Activation.TANH, Activation.SIGMOID),
                new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN), 4, 1.0, Generators.Targets.RANDOM, SEED);
        DeepGradient g = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            double by = k == 1 ? 1.01 : 1.0;
            Matrix w = g.weight(k);
            Matrix b = g.bias(k);
            weights.add(Matrix.fromFunction(w.rows(), w.cols(), (i, j) -> by * w.get(i, j)));
            biases.add(Matrix.fromFunction(b.rows(), b.cols(), (i, j) -> by * b.get(i, j)));
        }
        right = TaylorRemainder.test(c.network(), c.batch(), c.objective(), g, SEED);
        wrong = TaylorRemainder.test(c.network(), c.batch(), c.objective(),
                new DeepGradient(g.layout(), weights, biases), SEED);
        // the data are what the plot is meant to show: a decided right and a decided wrong gradient
        assertEquals(TaylorResult.Verdict.CONSISTENT, right.verdict(), right::table);
        assertEquals(TaylorResult.Verdict.INCONSISTENT, wrong.verdict(), wrong::table);
    }

    private static Document parseSvg(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** "10⁻¹²" → −12: the exponent a decade label shows. */
    private static int exponent(String label) {
        assertTrue(label.startsWith("10"), label);
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        int sign = 1;
        int value = 0;
        for (char ch : label.substring(2).toCharArray()) {
            if (ch == '⁻') {
                sign = -1;
            } else {
                assertTrue(sup.indexOf(ch) >= 0, label);
                value = 10 * value + sup.indexOf(ch);
            }
        }
        return sign * value;
    }

    /**
     * The axis as its labels give it: pixel = a + b·log₁₀, fitted through the labelled ticks; every labelled tick
     * must lie on the line, and every decade between the first and the last must have a tick.
     */
    private static double[] axis(Document doc, String which) {
        Map<Integer, Double> labelled = new TreeMap<>();
        List<Double> ticks = new ArrayList<>();
        for (Element g : Pages.find(doc.getDocumentElement(), Pages.SVG, "g", "tick", which)) {
            Element line = Pages.children(g, "line").get(0);
            double at = Double.parseDouble(line.getAttribute(which.equals("x") ? "x1" : "y1"));
            ticks.add(at);
            List<Element> text = Pages.children(g, "text");
            if (!text.isEmpty()) {
                labelled.put(exponent(text.get(0).getTextContent()), at);
            }
        }
        assertTrue(labelled.size() >= 2, which + " axis: two labelled decades at least");
        List<Integer> decades = new ArrayList<>(labelled.keySet());
        int d0 = decades.get(0);
        int d1 = decades.get(decades.size() - 1);
        double b = (labelled.get(d1) - labelled.get(d0)) / (d1 - d0);
        double a = labelled.get(d0) - b * d0;
        for (Map.Entry<Integer, Double> e : labelled.entrySet()) {
            assertEquals(a + b * e.getKey(), e.getValue(), 0.02, which + " tick 10^" + e.getKey());
        }
        // every tick sits on a whole decade, one tick per decade from the labelled range to at most one unlabelled
        // decade beyond each end (labels may skip decades, so an end decade can be unlabelled)
        java.util.Set<Long> tickDecades = new java.util.TreeSet<>();
        for (double at : ticks) {
            double decade = (at - a) / b;
            assertEquals(Math.rint(decade), decade, 0.02, which + ": a tick off its decade at " + at);
            assertTrue(tickDecades.add(Math.round(decade)), which + ": two ticks on one decade");
        }
        assertTrue(tickDecades.containsAll(java.util.stream.LongStream.rangeClosed(d0, d1).boxed().toList()),
                which + ": a decade without its tick: " + tickDecades);
        assertTrue(ticks.size() <= d1 - d0 + 3, which + ": ticks beyond the labelled decades: " + tickDecades);
        return new double[] {a, b};
    }

    private static double log(double[] axis, double pixel) {
        return (pixel - axis[0]) / axis[1];
    }

    @Test
    void theJudgedPairsHaveSlopeTwoAndOneMeasuredOnThePicture() throws Exception {
        List<TaylorPlot.Series> series = List.of(new TaylorPlot.Series("right gradient", right),
                new TaylorPlot.Series("layer 1 × 1.01", wrong));
        Document doc = parseSvg(TaylorPlot.svg(series));
        double[] x = axis(doc, "x");
        double[] y = axis(doc, "y");
        assertTrue(x[1] > 0, "h grows to the right");
        assertTrue(y[1] < 0, "r grows upwards");
        List<Element> lines = Pages.find(doc.getDocumentElement(), Pages.SVG, "polyline", "series");
        assertEquals(2, lines.size(), "one line per series");
        double[] expectedSlopes = {2, 1};
        for (int s = 0; s < 2; s++) {
            TaylorResult t = series.get(s).result();
            Map<Integer, double[]> at = new TreeMap<>();
            for (Element c : Pages.find(doc.getDocumentElement(), Pages.SVG, "circle", "point")) {
                if (c.getAttribute("data-series").equals(Integer.toString(s))) {
                    at.put(Integer.parseInt(c.getAttribute("data-index")), new double[] {
                        log(x, Double.parseDouble(c.getAttribute("cx"))),
                        log(y, Double.parseDouble(c.getAttribute("cy")))});
                }
            }
            // every point of a real run is positive and finite, so every one is drawn, where its numbers say
            assertEquals(t.points().size(), at.size());
            for (Map.Entry<Integer, double[]> e : at.entrySet()) {
                Point p = t.points().get(e.getKey());
                assertEquals(Math.log10(p.h()), e.getValue()[0], 1e-3, "log h of step " + e.getKey());
                assertEquals(Math.log10(p.remainder()), e.getValue()[1], 1e-3, "log r of step " + e.getKey());
            }
            double[] a = at.get(t.pair());
            double[] b = at.get(t.pair() + 1);
            double slope = (a[1] - b[1]) / (a[0] - b[0]);
            assertEquals(expectedSlopes[s], slope, 0.25, series.get(s).label() + ": " + t.describe());
            assertEquals(t.order(), slope, 0.02, "the picture's slope is the test's order");
            // the line runs through the points, in order
            String[] vertices = lines.get(s).getAttribute("points").trim().split("\\s+");
            assertEquals(at.size(), vertices.length);
            String[] first = vertices[t.pair()].split(",");
            assertEquals(a[0], log(x, Double.parseDouble(first[0])), 1e-9);
            assertEquals(a[1], log(y, Double.parseDouble(first[1])), 1e-9);
        }
        for (int slope : new int[] {2, 1}) {
            List<Element> ref = Pages.find(doc.getDocumentElement(), Pages.SVG, "line", "reference", "slope-" + slope);
            assertEquals(1, ref.size(), "the slope-" + slope + " reference line");
            Element r = ref.get(0);
            double measured = (log(y, Double.parseDouble(r.getAttribute("y2")))
                    - log(y, Double.parseDouble(r.getAttribute("y1"))))
                    / (log(x, Double.parseDouble(r.getAttribute("x2")))
                    - log(x, Double.parseDouble(r.getAttribute("x1"))));
            assertEquals(slope, measured, 0.01);
        }
        String legend = Pages.find(doc.getDocumentElement(), Pages.SVG, "g", "legend").get(0).getTextContent();
        assertTrue(legend.contains("right gradient") && legend.contains("layer 1 × 1.01"), legend);
        assertTrue(legend.contains("slope 2") && legend.contains("slope 1"), legend);
    }

    /** r = 0, NaN, ∞ and h = 0 have no place on log axes: left out, named in a note, and the page still renders. */
    @Test
    void pointsALogAxisCannotShowAreNamedNotDrawn() throws Exception {
        TaylorResult odd = synthetic(new double[][] {
            {1e-1, 1e-2}, {5e-2, 0.0}, {2.5e-2, Double.NaN}, {1.25e-2, Double.POSITIVE_INFINITY}, {6.25e-3, 1e-5},
            {0.0, 1e-6}, {3.125e-3, -1e-7}});
        TaylorResult nothing = synthetic(new double[][] {{1e-1, 0.0}, {5e-2, 0.0}});
        List<TaylorPlot.Series> series = List.of(new TaylorPlot.Series("odd", odd),
                new TaylorPlot.Series("all zero", nothing));
        String page = HtmlReport.render(null, List.of(), series, List.of());
        Document doc = Pages.parse(page);
        Element taylor = Pages.byId(doc, "taylor");
        List<Element> points = Pages.find(taylor, Pages.SVG, "circle", "point");
        assertEquals(2, points.size(), "the two positive, finite points");
        assertEquals(List.of("0", "4"), points.stream().map(p -> p.getAttribute("data-index")).toList());
        assertEquals(1, Pages.find(taylor, Pages.SVG, "polyline", "series").size(), "no line for a series with no point");
        String notes = Pages.find(taylor, Pages.XHTML, "ul", "unplotted").get(0).getTextContent();
        for (String why : List.of("r = 0", "r = NaN", "r = ∞", "h = 0", "r = −1.000e−07")) {
            assertTrue(notes.contains(why), why + " in " + notes);
        }
        assertTrue(notes.contains("all zero: 2 of 2 points") && notes.contains("nothing of this series is drawn"),
                notes);
        assertTrue(taylor.getTextContent().contains("not decisive"));

        String alone = HtmlReport.render(null, List.of(), List.of(new TaylorPlot.Series("all zero", nothing)),
                List.of());
        Element section = Pages.byId(Pages.parse(alone), "taylor");
        assertTrue(Pages.find(section, Pages.SVG, "svg").isEmpty());
        assertTrue(section.getTextContent().contains("Nothing to plot"), section.getTextContent());
    }

    /** A comma as decimal separator would turn "12.5" into "12,5", two numbers in an SVG coordinate list. */
    @Test
    void theSvgDoesNotDependOnTheDefaultLocale() {
        List<TaylorPlot.Series> series = List.of(new TaylorPlot.Series("right", right));
        Locale before = Locale.getDefault();
        String root;
        String german;
        try {
            Locale.setDefault(Locale.ROOT);
            root = TaylorPlot.svg(series);
            Locale.setDefault(Locale.GERMANY);
            german = TaylorPlot.svg(series);
        } finally {
            Locale.setDefault(before);
        }
        assertEquals(root, german);
    }

    private static TaylorResult synthetic(double[][] hr) {
        List<Point> points = new ArrayList<>();
        for (double[] p : hr) {
            points.add(new Point(p[0], p[1], 1e-12, true, false, 0, 1.0, p[1]));
        }
        return new TaylorResult(TaylorResult.Verdict.NOT_DECISIVE, Double.NaN, -1, points, "synthetic points");
    }
}
