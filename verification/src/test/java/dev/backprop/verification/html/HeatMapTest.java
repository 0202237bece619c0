package dev.backprop.verification.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The heat maps, read back: one cell per entry (or per block, for a large matrix, the blocks tiling it exactly),
 * the planted wrong entry in the darkest colour of the legend and alone in it, exact and non-finite entries in their
 * own colours, and a matrix of the wrong shape described rather than drawn.
 */
class HeatMapTest {
    private static final int[] WIDTHS = {5, 4, 3, 2};

    private static DeepCase diagramThreeCase() {
        return Generators.deepCase(WIDTHS, List.of(Activation.TANH, Activation.SOFTPLUS),
                new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), 3, 1.0, Generators.Targets.RANDOM, 5L);
    }

    /** {@code g} with 0.25 added to numerator-layout entry (i, j) of ∂ℓ/∂W2. */
    private static DeepGradient plant(DeepGradient g, int i, int j) {
        DeepGradient n = g.in(Layout.NUMERATOR);
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= n.depth(); k++) {
            Matrix w = n.weight(k);
            boolean here = k == 2;
            weights.add(Matrix.fromFunction(w.rows(), w.cols(),
                    (r, c) -> w.get(r, c) + (here && r == i && c == j ? 0.25 : 0.0)));
            biases.add(n.bias(k));
        }
        return new DeepGradient(Layout.NUMERATOR, weights, biases);
    }

    private static Element heatSection(HeatMap map) throws Exception {
        String page = HtmlReport.render(null, List.of(), List.of(), List.of(map));
        Document doc = Pages.parse(page);
        Pages.assertSelfContained(page, doc);
        return Pages.byId(doc, "heat-maps");
    }

    /** The colour of the legend's top end: the swatch with the largest position along the bar. */
    private static String darkest(Element section) {
        return Pages.find(section, Pages.SVG, "rect", "swatch").stream()
                .max(Comparator.comparingDouble(r -> Double.parseDouble(r.getAttribute("data-t"))))
                .orElseThrow().getAttribute("fill");
    }

    private static void assertPlantedCellIsTheOnlyDarkest(Element section, int panel, int i, int j) {
        String top = darkest(section);
        List<Element> panels = Pages.find(section, Pages.SVG, "svg", "heat");
        List<String> darkest = new ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
            for (Element cell : Pages.find(panels.get(p), Pages.SVG, "rect", "cell")) {
                if (cell.getAttribute("fill").equals(top)) {
                    darkest.add(p + ":" + cell.getAttribute("data-i0") + "," + cell.getAttribute("data-j0"));
                }
            }
        }
        assertEquals(List.of(panel + ":" + i + "," + j), darkest);
    }

    @Test
    void oneCellPerEntryAndThePlantedEntryIsTheDarkest() throws Exception {
        DeepCase c = diagramThreeCase();
        DeepGradient right = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        DeepGradient exact = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        Element section = heatSection(HeatMap.of("planted at ∂ℓ/∂W2 (2, 1)", plant(right, 2, 1), exact));
        List<Element> panels = Pages.find(section, Pages.SVG, "svg", "heat");
        assertEquals(6, panels.size(), "W1, b1, W2, b2, W3, b3");
        for (int k = 1; k <= 3; k++) {
            // numerator layout: ∂ℓ/∂W_k is n_{k−1}×n_k, ∂ℓ/∂b_k is 1×n_k
            Element w = panels.get(2 * (k - 1));
            Element b = panels.get(2 * (k - 1) + 1);
            assertEquals(WIDTHS[k - 1] * WIDTHS[k], Pages.find(w, Pages.SVG, "rect", "cell").size(), "W" + k);
            assertEquals(Integer.toString(WIDTHS[k - 1]), w.getAttribute("data-rows"));
            assertEquals(Integer.toString(WIDTHS[k]), w.getAttribute("data-cols"));
            assertEquals(WIDTHS[k], Pages.find(b, Pages.SVG, "rect", "cell").size(), "b" + k);
        }
        assertPlantedCellIsTheOnlyDarkest(section, 2, 2, 1);
        Element cell = Pages.find(panels.get(2), Pages.SVG, "rect", "cell").stream()
                .filter(r -> r.getAttribute("data-i0").equals("2") && r.getAttribute("data-j0").equals("1"))
                .findFirst().orElseThrow();
        String tooltip = Pages.children(cell, "title").get(0).getTextContent();
        assertTrue(tooltip.startsWith("(2, 1): got ") && tooltip.contains("want "), tooltip);
    }

    /** With the case's gauges the colour is the scaled error, and the legend marks 1, the rounding bound. */
    @Test
    void scaledByTheGaugesTheLegendMarksTheRoundingBound() throws Exception {
        DeepCase c = diagramThreeCase();
        DeepGradient right = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        DeepGradient exact = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        HeatMap map = HeatMap.of("scaled", plant(right, 0, 2), exact, DeepGauges.of(c.network(), c.batch(),
                c.objective()));
        assertTrue(map.scaled());
        Element section = heatSection(map);
        assertPlantedCellIsTheOnlyDarkest(section, 2, 0, 2);
        assertEquals(1, Pages.find(section, Pages.SVG, "line", "rounding-bound").size(),
                "the right entries are within rounding and the planted one far beyond: 1 lies inside the scale");
        assertTrue(section.getTextContent().contains("scaled error"));
    }

    /**
     * 512×784 (the first layer of an MNIST network, numerator layout) must not become 401,408 cells: blocks of at
     * most MAX_SIDE a side, tiling the matrix exactly once, the block holding the wrong entry the darkest.
     */
    @Test
    void aLargeMatrixIsDrawnInBlocksThatTileItExactly() throws Exception {
        int rows = 512;
        int cols = 784;
        Matrix want = Matrix.fromFunction(rows, cols, (i, j) -> Math.sin(0.01 * i + 0.003 * j));
        Matrix got = Matrix.fromFunction(rows, cols, (i, j) -> want.get(i, j) + 1e-13 * Math.cos(i * 7.0 + j)
                + (i == 300 && j == 500 ? 1e-3 : 0.0));
        Element section = heatSection(HeatMap.of("large", List.of("∂ℓ/∂W1"), List.of(got), List.of(want)));
        Element panel = Pages.find(section, Pages.SVG, "svg", "heat").get(0);
        List<Element> cells = Pages.find(panel, Pages.SVG, "rect", "cell");
        assertTrue(cells.size() <= HeatMap.MAX_SIDE * HeatMap.MAX_SIDE, cells.size() + " cells");
        assertTrue(cells.size() > 1000, "blocks, not one smear: " + cells.size());
        boolean[][] covered = new boolean[rows][cols];
        String top = darkest(section);
        List<String> darkest = new ArrayList<>();
        for (Element cell : cells) {
            int i0 = Integer.parseInt(cell.getAttribute("data-i0"));
            int i1 = Integer.parseInt(cell.getAttribute("data-i1"));
            int j0 = Integer.parseInt(cell.getAttribute("data-j0"));
            int j1 = Integer.parseInt(cell.getAttribute("data-j1"));
            for (int i = i0; i <= i1; i++) {
                for (int j = j0; j <= j1; j++) {
                    assertFalse(covered[i][j], "entry (" + i + ", " + j + ") in two blocks");
                    covered[i][j] = true;
                }
            }
            if (cell.getAttribute("fill").equals(top)) {
                darkest.add(i0 + "-" + i1 + "," + j0 + "-" + j1);
                assertTrue(i0 <= 300 && 300 <= i1 && j0 <= 500 && 500 <= j1, "the darkest block holds (300, 500)");
                String tooltip = Pages.children(cell, "title").get(0).getTextContent();
                assertTrue(tooltip.contains("worst at (300, 500)"), tooltip);
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertTrue(covered[i][j], "entry (" + i + ", " + j + ") in no block");
            }
        }
        assertEquals(1, darkest.size(), darkest.toString());
        String caption = Pages.find(section, Pages.XHTML, "figcaption").get(0).getTextContent();
        assertTrue(caption.contains("512 rows × 784 columns") && caption.contains("downsampled"), caption);
        assertTrue(Pages.all(section.getOwnerDocument()).size() < 3 * HeatMap.MAX_SIDE * HeatMap.MAX_SIDE,
                "the page stays small");
    }

    @Test
    void exactAndNonFiniteEntriesHaveTheirOwnColours() throws Exception {
        Matrix want = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        Matrix got = Matrix.fromFunction(2, 3, (i, j) -> i == 0 && j == 1 ? Double.NaN
                : i == 1 && j == 2 ? 6.5 : want.get(i, j));
        Element section = heatSection(HeatMap.of("specials", List.of("M"), List.of(got), List.of(want)));
        String exact = Pages.find(section, Pages.SVG, "rect", "swatch-exact").get(0).getAttribute("fill");
        String notFinite = Pages.find(section, Pages.SVG, "rect", "swatch-not-finite").get(0).getAttribute("fill");
        List<String> fills = Pages.find(section, Pages.SVG, "rect", "cell").stream().map(r -> r.getAttribute("fill"))
                .toList();
        assertEquals(List.of(exact, notFinite, exact, exact, exact, darkest(section)), fills);
        String caption = Pages.find(section, Pages.XHTML, "figcaption").get(0).getTextContent();
        assertTrue(caption.contains("worst NaN at (0, 1)"), "NaN is never hidden behind a number: " + caption);
    }

    @Test
    void aMatrixOfTheWrongShapeIsDescribedNotDrawn() throws Exception {
        Element section = heatSection(HeatMap.of("transposed", List.of("∂ℓ/∂W1", "∂ℓ/∂b1"),
                List.of(Matrix.zeros(3, 2), Matrix.zeros(1, 3)), List.of(Matrix.zeros(2, 3), Matrix.zeros(1, 3))));
        List<Element> figures = Pages.find(section, Pages.XHTML, "figure", "heat-panel");
        assertEquals(2, figures.size());
        assertTrue(Pages.find(figures.get(0), Pages.SVG, "svg").isEmpty());
        assertTrue(figures.get(0).getTextContent().contains("got 3×2, want 2×3"), figures.get(0).getTextContent());
        assertEquals(3, Pages.find(figures.get(1), Pages.SVG, "rect", "cell").size());
    }

    @Test
    void oneScaleCannotMixScaledAndAbsoluteErrors() {
        Matrix m = Matrix.zeros(2, 2);
        assertThrows(IllegalArgumentException.class, () -> new HeatMap("mixed", List.of(
                HeatMap.Panel.absolute("a", m, m), new HeatMap.Panel("b", m, m, m, 3)), List.of()));
    }
}
