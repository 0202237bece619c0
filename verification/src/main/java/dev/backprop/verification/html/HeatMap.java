package dev.backprop.verification.html;

import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The error of a gradient per entry of each parameter matrix, drawn as grids of cells coloured by the error on a
 * log scale shared by every panel, so that the worst entry anywhere has the darkest colour.
 *
 * <h2>Measure</h2>
 * Absolute, |got − want|; or, where every panel carries a gauge, the scaled error of the rounding rule,
 * |got − want| / (ε·K·gauge) ({@link Tolerances#scaledRoundingError}): 1 is the rounding bound, marked on the legend.
 * An entry with error 0 has its own colour (exact), as have NaN and ∞ (a NaN entry, or a difference where the gauge
 * is 0).
 *
 * <h2>Size</h2>
 * A panel has at most {@link #MAX_SIDE} × {@link #MAX_SIDE} cells. A matrix with more rows (columns) than that is
 * shown in blocks of ⌈rows / {@value #MAX_SIDE}⌉ rows (⌈columns / {@value #MAX_SIDE}⌉ columns), each block coloured by
 * the largest error in it, and its caption says so; a 512×784 matrix is 64×61 blocks of 8×13, not 401,408 cells.
 * Every cell is an SVG {@code <rect class="cell">} with {@code data-i0}, {@code data-i1}, {@code data-j0},
 * {@code data-j1} (the rows and columns it covers, from 0, inclusive) and a {@code <title>} tooltip: the entry with its
 * got and want values, or for a block its worst entry.
 *
 * @param label  what the gradient is, e.g. "optimized, case L=3 …"
 * @param panels one per parameter matrix
 * @param notes  lines printed above the panels, e.g. a {@link dev.backprop.verification.diagnose.Diagnosis}'s lines
 */
public record HeatMap(String label, List<Panel> panels, List<String> notes) {
    /** Most cells along one side of a panel; beyond it entries are grouped into blocks. */
    public static final int MAX_SIDE = 64;

    /** Stops of the colour scale, least error first (ColorBrewer YlOrRd, 9 classes). */
    private static final int[] STOPS = {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c,
        0xbd0026, 0x800026};
    /** Colour of an entry with error exactly 0. */
    static final String EXACT = "#e8eef5";
    /** Colour of an entry whose error is NaN or ∞. */
    static final String NOT_FINITE = "#111111";
    /** Swatches of the legend's colour bar. */
    private static final int LEGEND_STEPS = 64;

    public HeatMap {
        if (label == null || panels == null || notes == null) {
            throw new IllegalArgumentException("a heat map needs a label, panels and notes (possibly empty)");
        }
        panels = List.copyOf(panels);
        notes = List.copyOf(notes);
        long scaled = panels.stream().filter(Panel::scaled).count();
        if (scaled != 0 && scaled != panels.size()) {
            throw new IllegalArgumentException("either every panel of a heat map has a gauge or none does: one colour "
                    + "scale cannot mix scaled and absolute errors");
        }
    }

    /**
     * One parameter matrix: the values got, the values wanted, and optionally the gauge that scales the error.
     *
     * @param name  e.g. "∂ℓ/∂W2 (layer 2 weights)"
     * @param got   the gradient under test
     * @param want  the right values; a shape other than got's is drawn as a note, not as cells
     * @param gauge null for the absolute error; else want's shape, and the error is scaled by ε·K·gauge
     * @param k     K of the rounding rule (ignored without a gauge)
     */
    public record Panel(String name, Matrix got, Matrix want, Matrix gauge, int k) {
        public Panel {
            if (name == null || got == null || want == null) {
                throw new IllegalArgumentException("a panel needs a name, the values got and the values wanted");
            }
            if (gauge != null && (!gauge.sameShape(want) || k < 1)) {
                throw new IllegalArgumentException(name + ": a gauge has the wanted values' shape " + want.shape()
                        + " and K ≥ 1; got " + gauge.shape() + " and K = " + k);
            }
        }

        /** The absolute error |got − want| per entry. */
        public static Panel absolute(String name, Matrix got, Matrix want) {
            return new Panel(name, got, want, null, 0);
        }

        /** True when the error is scaled by a gauge. */
        public boolean scaled() {
            return gauge != null;
        }

        /** The error of entry (i, j); NaN or ∞ where it is not a number. */
        double error(int i, int j) {
            double g = got.get(i, j);
            double w = want.get(i, j);
            if (gauge == null) {
                return Math.abs(g - w);
            }
            return Tolerances.scaledRoundingError(g, w, gauge.get(i, j), k);
        }
    }

    /** |got − want| for every parameter, both read in numerator layout (the notes'). */
    public static HeatMap of(String label, DeepGradient got, DeepGradient want) {
        return of(label, got, want, null);
    }

    /**
     * The scaled error for every parameter, both read in numerator layout, with the gauges of the case the
     * gradient was computed for ({@code gauges} null: the absolute error).
     */
    public static HeatMap of(String label, DeepGradient got, DeepGradient want, DeepGauges gauges) {
        if (got.depth() != want.depth()) {
            throw new IllegalArgumentException("the gradients have " + got.depth() + " and " + want.depth()
                    + " layers");
        }
        DeepGradient g = got.in(Layout.NUMERATOR);
        DeepGradient w = want.in(Layout.NUMERATOR);
        List<Panel> panels = new ArrayList<>();
        for (DeepParameter p : g.parameters()) {
            String name = "∂ℓ/∂" + p.seedName() + " (layer " + p.layer() + (p.isWeight() ? " weights" : " bias")
                    + ", numerator layout)";
            panels.add(gauges == null ? Panel.absolute(name, g.get(p), w.get(p))
                    : new Panel(name, g.get(p), w.get(p), gauges.gradient().in(Layout.NUMERATOR).get(p),
                            gauges.k()));
        }
        return new HeatMap(label, panels, List.of());
    }

    /** |got − want| for matrices named {@code names}, in the same order. */
    public static HeatMap of(String label, List<String> names, List<Matrix> got, List<Matrix> want) {
        if (names.size() != got.size() || names.size() != want.size()) {
            throw new IllegalArgumentException("one name, one got and one want per matrix; got " + names.size() + ", "
                    + got.size() + " and " + want.size());
        }
        List<Panel> panels = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            panels.add(Panel.absolute(names.get(m), got.get(m), want.get(m)));
        }
        return new HeatMap(label, panels, List.of());
    }

    /** This heat map with {@code more} lines of notes after its own. */
    public HeatMap withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new HeatMap(label, panels, all);
    }

    /** True when the colours are scaled errors (every panel has a gauge). */
    public boolean scaled() {
        return !panels.isEmpty() && panels.get(0).scaled();
    }

    /** "scaled error" or "|got − want|". */
    String measure() {
        return scaled() ? "scaled error |got − want| / (ε·K·gauge)" : "|got − want|";
    }

    /** The HTML of this heat map: notes, the shared legend, then one figure per panel. */
    String html() {
        Scale scale = new Scale();
        for (Panel p : panels) {
            if (p.got().sameShape(p.want())) {
                for (int i = 0; i < p.want().rows(); i++) {
                    for (int j = 0; j < p.want().cols(); j++) {
                        scale.add(p.error(i, j));
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("<div class=\"heat-map\">\n<h3>").append(Markup.text(label)).append("</h3>\n");
        if (!notes.isEmpty()) {
            out.append("<ul class=\"notes\">\n");
            for (String n : notes) {
                out.append("<li>").append(Markup.text(n)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("<p>Colour: ").append(Markup.text(measure())).append(" per entry, on one log scale for every "
                + "matrix below; indices (i, j) count from 0; hover a cell for its values.</p>\n");
        out.append(legend(scale));
        out.append("<div class=\"heat-panels\">\n");
        for (Panel p : panels) {
            out.append(panel(p, scale));
        }
        out.append("</div>\n</div>\n");
        return out.toString();
    }

    private String panel(Panel p, Scale scale) {
        Matrix got = p.got();
        Matrix want = p.want();
        StringBuilder out = new StringBuilder("<figure class=\"heat-panel\">\n<figcaption><strong>")
                .append(Markup.text(p.name())).append("</strong>: ");
        if (!got.sameShape(want)) {
            out.append(Markup.text("got " + got.shape() + ", want " + want.shape() + ": the shapes differ, so there is "
                    + "no entry-by-entry error to draw (a layout confusion reads as the transpose)"))
                    .append("</figcaption>\n</figure>\n");
            return out.toString();
        }
        int rows = want.rows();
        int cols = want.cols();
        int blockRows = (rows + MAX_SIDE - 1) / MAX_SIDE;
        int blockCols = (cols + MAX_SIDE - 1) / MAX_SIDE;
        int gridRows = (rows + blockRows - 1) / blockRows;
        int gridCols = (cols + blockCols - 1) / blockCols;
        int[] worst = worst(p);
        out.append(Markup.text(rows + " rows × " + cols + " columns; worst " + Markup.value(p.error(worst[0], worst[1]))
                + " at (" + worst[0] + ", " + worst[1] + "): got " + Markup.value(got.get(worst[0], worst[1]))
                + ", want " + Markup.value(want.get(worst[0], worst[1]))));
        if (blockRows > 1 || blockCols > 1) {
            out.append("<br/><span class=\"downsampled\">").append(Markup.text("downsampled: more than " + MAX_SIDE
                    + " cells a side, so shown as " + gridRows + "×" + gridCols + " blocks of up to " + blockRows + "×"
                    + blockCols + " entries, each coloured by the largest error in it")).append("</span>");
        }
        out.append("</figcaption>\n");
        // cells shrink as the grid grows, down to 6 px, so a full 64-cell side stays about 400 px wide
        double cell = Math.max(6, Math.min(30, Math.floor(420.0 / Math.max(gridRows, gridCols))));
        double left = 44;
        double top = 30;
        String columns = "j = 0 … " + (cols - 1) + " (" + cols + " columns) →";
        // the column label may be wider than a narrow matrix: about 6 px a character at font size 10
        double width = Math.max(left + gridCols * cell + 12, left + 6.2 * columns.length() + 8);
        double height = top + gridRows * cell + 12;
        boolean grid = cell >= 12;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat\" viewBox=\"0 0 ").append(Markup.num(width))
                .append(' ').append(Markup.num(height)).append("\" width=\"").append(Markup.num(width))
                .append("\" height=\"").append(Markup.num(height)).append("\" data-rows=\"").append(rows)
                .append("\" data-cols=\"").append(cols).append("\" data-block-rows=\"").append(blockRows)
                .append("\" data-block-cols=\"").append(blockCols)
                .append("\" font-family=\"sans-serif\" font-size=\"10\" role=\"img\">\n");
        out.append("<title>").append(Markup.text(p.name() + ": " + measure() + " per entry")).append("</title>\n");
        out.append("<text x=\"").append(Markup.num(left)).append("\" y=\"12\" fill=\"#444\">")
                .append(Markup.text(columns)).append("</text>\n");
        out.append("<text x=\"").append(Markup.num(left - 6)).append("\" y=\"").append(Markup.num(top + 9))
                .append("\" text-anchor=\"end\" fill=\"#444\">i = 0</text>\n");
        out.append("<text x=\"").append(Markup.num(left - 6)).append("\" y=\"")
                .append(Markup.num(top + gridRows * cell)).append("\" text-anchor=\"end\" fill=\"#444\">")
                .append(rows - 1).append(" ↓</text>\n");
        out.append("<g class=\"cells\"").append(grid ? " stroke=\"#ffffff\" stroke-width=\"1\"" : "").append(">\n");
        for (int gi = 0; gi < gridRows; gi++) {
            for (int gj = 0; gj < gridCols; gj++) {
                int i0 = gi * blockRows;
                int i1 = Math.min(rows, i0 + blockRows) - 1;
                int j0 = gj * blockCols;
                int j1 = Math.min(cols, j0 + blockCols) - 1;
                int wi = i0;
                int wj = j0;
                double value = p.error(i0, j0);
                for (int i = i0; i <= i1; i++) {
                    for (int j = j0; j <= j1; j++) {
                        double e = p.error(i, j);
                        if (worse(e, value)) {
                            value = e;
                            wi = i;
                            wj = j;
                        }
                    }
                }
                String where = i0 == i1 && j0 == j1 ? "(" + i0 + ", " + j0 + ")"
                        : "rows " + i0 + "–" + i1 + ", columns " + j0 + "–" + j1 + ": worst at (" + wi + ", " + wj + ")";
                out.append("<rect class=\"cell\" data-i0=\"").append(i0).append("\" data-i1=\"").append(i1)
                        .append("\" data-j0=\"").append(j0).append("\" data-j1=\"").append(j1).append("\" x=\"")
                        .append(Markup.num(left + gj * cell)).append("\" y=\"").append(Markup.num(top + gi * cell))
                        .append("\" width=\"").append(Markup.num(cell)).append("\" height=\"").append(Markup.num(cell))
                        .append("\" fill=\"").append(scale.colour(value)).append("\"><title>")
                        .append(Markup.text(where + ": got " + Markup.value(got.get(wi, wj)) + ", want "
                                + Markup.value(want.get(wi, wj)) + ", " + (p.scaled() ? "scaled error " : "|got − want| ")
                                + Markup.value(value)))
                        .append("</title></rect>\n");
            }
        }
        out.append("</g>\n</svg>\n</figure>\n");
        return out.toString();
    }

    /** The entry with the largest error (NaN counts as largest), first in row-major order among equals. */
    private static int[] worst(Panel p) {
        int[] at = {0, 0};
        double value = p.error(0, 0);
        for (int i = 0; i < p.want().rows(); i++) {
            for (int j = 0; j < p.want().cols(); j++) {
                double e = p.error(i, j);
                if (worse(e, value)) {
                    value = e;
                    at = new int[] {i, j};
                }
            }
        }
        return at;
    }

    /** NaN is worse than everything, ∞ than every number: what is not a number must not hide in a block. */
    private static boolean worse(double e, double than) {
        if (Double.isNaN(than)) {
            return false;
        }
        return Double.isNaN(e) || e > than;
    }

    /** The colour bar: the scale's range in swatches, decade ticks, the rounding bound if scaled, and the specials. */
    private String legend(Scale scale) {
        double width = 640;
        double barLeft = 20;
        double barWidth = 400;
        double top = 22;
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat-legend\" viewBox=\"0 0 ")
                .append(Markup.num(width)).append(" 76\" width=\"").append(Markup.num(width))
                .append("\" height=\"76\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\n");
        out.append("<title>").append(Markup.text("colour scale: " + measure() + ", log scale")).append("</title>\n");
        out.append("<text x=\"").append(Markup.num(barLeft)).append("\" y=\"14\" fill=\"#333\">")
                .append(Markup.text(measure() + " (log scale)")).append("</text>\n");
        if (scale.empty()) {
            out.append("<text x=\"").append(Markup.num(barLeft)).append("\" y=\"").append(Markup.num(top + 14))
                    .append("\" fill=\"#333\">no entry differs by a finite non-zero amount</text>\n");
        } else {
            double step = barWidth / LEGEND_STEPS;
            for (int s = 0; s < LEGEND_STEPS; s++) {
                double t = s / (double) (LEGEND_STEPS - 1);
                out.append("<rect class=\"swatch\" data-t=\"").append(String.format(Locale.ROOT, "%.4f", t))
                        .append("\" x=\"").append(Markup.num(barLeft + s * step)).append("\" y=\"")
                        .append(Markup.num(top)).append("\" width=\"").append(Markup.num(step + 0.5))
                        .append("\" height=\"16\" fill=\"").append(colour(t)).append("\"/>\n");
            }
            double span = scale.hi - scale.lo;
            int first = (int) Math.ceil(scale.lo);
            // at most 16 labels fit under the bar; every decade keeps its tick
            int every = Math.max(1, ((int) Math.floor(scale.hi) - first + 16) / 16);
            for (int d = first; d <= Math.floor(scale.hi); d++) {
                double x = barLeft + (span == 0 ? barWidth : (d - scale.lo) / span * barWidth);
                out.append("<line x1=\"").append(Markup.num(x)).append("\" y1=\"").append(Markup.num(top + 16))
                        .append("\" x2=\"").append(Markup.num(x)).append("\" y2=\"").append(Markup.num(top + 21))
                        .append("\" stroke=\"#333\"/>");
                if ((d - first) % every == 0) {
                    out.append("<text x=\"").append(Markup.num(x)).append("\" y=\"").append(Markup.num(top + 32))
                            .append("\" text-anchor=\"middle\" fill=\"#333\">").append(Markup.decade(d))
                            .append("</text>");
                }
                out.append('\n');
            }
            out.append("<text x=\"").append(Markup.num(barLeft)).append("\" y=\"").append(Markup.num(top + 48))
                    .append("\" fill=\"#555\">").append(Markup.text("least " + Markup.value(Math.pow(10, scale.lo))
                            + ", largest " + Markup.value(Math.pow(10, scale.hi)))).append("</text>\n");
            if (scaled() && scale.lo <= 0 && 0 <= scale.hi) {
                double x = barLeft + (span == 0 ? barWidth : -scale.lo / span * barWidth);
                out.append("<line class=\"rounding-bound\" x1=\"").append(Markup.num(x)).append("\" y1=\"")
                        .append(Markup.num(top - 4)).append("\" x2=\"").append(Markup.num(x)).append("\" y2=\"")
                        .append(Markup.num(top + 20)).append("\" stroke=\"#000\" stroke-width=\"2\"><title>1: the "
                                + "rounding bound; above it an entry is wrong</title></line>\n");
            }
        }
        double sx = barLeft + barWidth + 24;
        out.append("<rect class=\"swatch-exact\" x=\"").append(Markup.num(sx)).append("\" y=\"").append(Markup.num(top))
                .append("\" width=\"16\" height=\"16\" fill=\"").append(EXACT).append("\" stroke=\"#999\"/>");
        out.append("<text x=\"").append(Markup.num(sx + 22)).append("\" y=\"").append(Markup.num(top + 12))
                .append("\" fill=\"#333\">0 (exact)</text>\n");
        out.append("<rect class=\"swatch-not-finite\" x=\"").append(Markup.num(sx)).append("\" y=\"")
                .append(Markup.num(top + 24))
                .append("\" width=\"16\" height=\"16\" fill=\"").append(NOT_FINITE).append("\"/>");
        out.append("<text x=\"").append(Markup.num(sx + 22)).append("\" y=\"").append(Markup.num(top + 36))
                .append("\" fill=\"#333\">NaN or ∞</text>\n");
        out.append("</svg>\n");
        return out.toString();
    }

    /** The colour at {@code t} ∈ [0, 1] along {@link #STOPS}, interpolated in RGB. */
    static String colour(double t) {
        double at = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int k = Math.min(STOPS.length - 2, (int) Math.floor(at));
        double f = at - k;
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = STOPS[k] >> shift & 0xff;
            int b = STOPS[k + 1] >> shift & 0xff;
            rgb |= (int) Math.round(a + f * (b - a)) << shift;
        }
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    /** The log₁₀ range of the finite non-zero errors, and the colour of an error within it. */
    private static final class Scale {
        private double lo = Double.POSITIVE_INFINITY;
        private double hi = Double.NEGATIVE_INFINITY;

        void add(double e) {
            if (e > 0 && e < Double.POSITIVE_INFINITY) {
                double l = Math.log10(e);
                lo = Math.min(lo, l);
                hi = Math.max(hi, l);
            }
        }

        boolean empty() {
            return lo > hi;
        }

        String colour(double e) {
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                return NOT_FINITE;
            }
            if (e == 0) {
                return EXACT;
            }
            // one value only: it is the largest, so it takes the top colour
            double t = hi == lo ? 1.0 : (Math.log10(e) - lo) / (hi - lo);
            return HeatMap.colour(t);
        }
    }
}
