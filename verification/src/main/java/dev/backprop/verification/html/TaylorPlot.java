package dev.backprop.verification.html;

import dev.backprop.verification.large.TaylorResult;
import dev.backprop.verification.large.TaylorResult.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A log-log plot of the Taylor remainder r(h) against the step h for one or more {@link TaylorResult}s, as inline
 * SVG: a right gradient's points fall on a line of slope 2 down to the rounding noise, a wrong one's on slope 1.
 *
 * <h2>What is drawn</h2>
 * Both axes are log₁₀ with a tick and a label ({@code 10⁻³}) at every decade (every second, third… decade is labelled
 * when there are more than {@link #MAX_LABELS}); h grows to the right. Per series: one {@code <polyline
 * class="series">} through its plotted points, one {@code <circle class="point">} per point (filled where the test
 * established r(h) clear of its rounding bound, hollow elsewhere; the judged pair ringed), and N(h), the rounding
 * bound, dashed. Two grey reference lines of slope 2 and 1 go through the judged point of the first consistent and
 * the first inconsistent series (else the first judged point, else the centre). A legend names every series with its
 * verdict and observed order.
 *
 * <p>A point whose h or r(h) is 0, negative, NaN or infinite has no place on a log axis: it is left out and named in
 * {@link #unplotted(List)}, never drawn at a made-up place. Every {@code <circle>} carries {@code data-series} and
 * {@code data-index} (the index into {@link TaylorResult#points()}), and a {@code <title>} tooltip with its values.
 */
public final class TaylorPlot {
    /** Most decade labels per axis; beyond it only every k-th decade is labelled (every decade keeps its tick). */
    public static final int MAX_LABELS = 12;

    private static final double WIDTH = 920;
    private static final double HEIGHT = 460;
    private static final double LEFT = 78;
    private static final double RIGHT = 620;
    private static final double TOP = 24;
    private static final double BOTTOM = 400;
    private static final String[] COLOURS = {"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#6d4c41"};

    private TaylorPlot() {
    }

    /**
     * One curve: what to call it and the test's result.
     *
     * @param label e.g. "right gradient (optimized)"
     * @param result the Taylor test's result, its points in the order the test took them
     */
    public record Series(String label, TaylorResult result) {
        public Series {
            if (label == null || result == null) {
                throw new IllegalArgumentException("a series needs a label and a result");
            }
        }
    }

    /**
     * The plot as one {@code <svg>} element (with its namespace, so it can also be saved as an .svg file), or an
     * empty string when no series has a single point that can be drawn on log axes.
     */
    public static String svg(List<Series> series) {
        Range x = new Range();
        Range y = new Range();
        for (Series s : series) {
            for (Point p : s.result().points()) {
                if (plottable(p.h()) && plottable(p.remainder())) {
                    x.add(Math.log10(p.h()));
                    y.add(Math.log10(p.remainder()));
                    if (plottable(p.noise())) {
                        y.add(Math.log10(p.noise()));
                    }
                }
            }
        }
        if (x.empty()) {
            return "";
        }
        x.close();
        y.close();
        // the legend takes 42 px per series and 130 px of keys: a long list makes the picture taller, never clipped
        double height = Math.max(HEIGHT, TOP + 10 + 42.0 * series.size() + 130);
        StringBuilder out = new StringBuilder();
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"taylor-plot\" viewBox=\"0 0 ")
                .append(Markup.num(WIDTH)).append(' ').append(Markup.num(height)).append("\" width=\"")
                .append(Markup.num(WIDTH)).append("\" height=\"").append(Markup.num(height))
                .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
        out.append("<title>Taylor remainder r(h) against h, log-log</title>\n");
        out.append("<rect x=\"0\" y=\"0\" width=\"").append(Markup.num(WIDTH)).append("\" height=\"")
                .append(Markup.num(height)).append("\" fill=\"#ffffff\"/>\n");
        axes(out, x, y);
        references(out, series, x, y);
        for (int i = 0; i < series.size(); i++) {
            curve(out, series.get(i), i, x, y);
        }
        legend(out, series);
        out.append("</svg>\n");
        return out.toString();
    }

    /**
     * The points left out of the plot, one line per series that has any: which steps, and why (r = 0, NaN, …).
     */
    public static List<String> unplotted(List<Series> series) {
        List<String> out = new ArrayList<>();
        for (Series s : series) {
            List<String> missing = new ArrayList<>();
            List<Point> points = s.result().points();
            for (int k = 0; k < points.size(); k++) {
                Point p = points.get(k);
                String why = !plottable(p.h()) ? "h = " + Markup.value(p.h())
                        : !plottable(p.remainder()) ? "r = " + Markup.value(p.remainder()) : null;
                if (why != null) {
                    missing.add("step " + k + " (h = " + Markup.value(p.h()) + "): " + why);
                }
            }
            if (!missing.isEmpty()) {
                out.add(s.label() + ": " + missing.size() + " of " + points.size() + " points are not on the log axes"
                        + (missing.size() == points.size() ? " (nothing of this series is drawn)" : "") + " — "
                        + String.join("; ", missing));
            }
        }
        return out;
    }

    /** Positive and finite: the values a log axis can show. */
    private static boolean plottable(double v) {
        return v > 0 && v < Double.POSITIVE_INFINITY;
    }

    private static void axes(StringBuilder out, Range x, Range y) {
        out.append("<g class=\"axes\" stroke=\"#444\" fill=\"none\">\n");
        out.append("<rect x=\"").append(Markup.num(LEFT)).append("\" y=\"").append(Markup.num(TOP))
                .append("\" width=\"").append(Markup.num(RIGHT - LEFT)).append("\" height=\"")
                .append(Markup.num(BOTTOM - TOP)).append("\"/>\n</g>\n");
        int xEvery = every(x);
        for (int d = x.lo; d <= x.hi; d++) {
            double px = px(x, d);
            out.append("<g class=\"tick x\">");
            out.append("<line x1=\"").append(Markup.num(px)).append("\" y1=\"").append(Markup.num(TOP))
                    .append("\" x2=\"").append(Markup.num(px)).append("\" y2=\"").append(Markup.num(BOTTOM))
                    .append("\" stroke=\"#e3e3e3\"/>");
            out.append("<line x1=\"").append(Markup.num(px)).append("\" y1=\"").append(Markup.num(BOTTOM))
                    .append("\" x2=\"").append(Markup.num(px)).append("\" y2=\"").append(Markup.num(BOTTOM + 6))
                    .append("\" stroke=\"#444\"/>");
            if ((d - x.lo) % xEvery == 0) {
                out.append("<text x=\"").append(Markup.num(px)).append("\" y=\"").append(Markup.num(BOTTOM + 20))
                        .append("\" text-anchor=\"middle\">").append(Markup.decade(d)).append("</text>");
            }
            out.append("</g>\n");
        }
        int yEvery = every(y);
        for (int d = y.lo; d <= y.hi; d++) {
            double py = py(y, d);
            out.append("<g class=\"tick y\">");
            out.append("<line x1=\"").append(Markup.num(LEFT)).append("\" y1=\"").append(Markup.num(py))
                    .append("\" x2=\"").append(Markup.num(RIGHT)).append("\" y2=\"").append(Markup.num(py))
                    .append("\" stroke=\"#e3e3e3\"/>");
            out.append("<line x1=\"").append(Markup.num(LEFT - 6)).append("\" y1=\"").append(Markup.num(py))
                    .append("\" x2=\"").append(Markup.num(LEFT)).append("\" y2=\"").append(Markup.num(py))
                    .append("\" stroke=\"#444\"/>");
            if ((d - y.lo) % yEvery == 0) {
                out.append("<text x=\"").append(Markup.num(LEFT - 10)).append("\" y=\"").append(Markup.num(py + 4))
                        .append("\" text-anchor=\"end\">").append(Markup.decade(d)).append("</text>");
            }
            out.append("</g>\n");
        }
        out.append("<text class=\"axis-label\" x=\"").append(Markup.num((LEFT + RIGHT) / 2)).append("\" y=\"")
                .append(Markup.num(BOTTOM + 42)).append("\" text-anchor=\"middle\">step h (relative to each "
                        + "tensor's RMS)</text>\n");
        out.append("<text class=\"axis-label\" x=\"16\" y=\"").append(Markup.num((TOP + BOTTOM) / 2))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ").append(Markup.num((TOP + BOTTOM) / 2))
                .append(")\">Taylor remainder r(h)</text>\n");
    }

    /** Label every k-th decade so that at most {@link #MAX_LABELS} labels stand on an axis. */
    private static int every(Range r) {
        int decades = r.hi - r.lo + 1;
        return (decades + MAX_LABELS - 1) / MAX_LABELS;
    }

    /**
     * The slope-2 and slope-1 lines, each through an anchor in log space and cut to the plot's box, so a reader can
     * hold a series against them.
     */
    private static void references(StringBuilder out, List<Series> series, Range x, Range y) {
        double[] anchorTwo = anchor(series, TaylorResult.Verdict.CONSISTENT, x, y);
        double[] anchorOne = anchor(series, TaylorResult.Verdict.INCONSISTENT, x, y);
        reference(out, 2, anchorTwo, x, y, "8 4");
        reference(out, 1, anchorOne, x, y, "2 4");
    }

    private static double[] anchor(List<Series> series, TaylorResult.Verdict preferred, Range x, Range y) {
        double[] fallback = null;
        for (Series s : series) {
            TaylorResult t = s.result();
            if (t.pair() < 0 || t.pair() >= t.points().size()) {
                continue;
            }
            Point p = t.points().get(t.pair());
            if (!plottable(p.h()) || !plottable(p.remainder())) {
                continue;
            }
            double[] at = {Math.log10(p.h()), Math.log10(p.remainder())};
            if (t.verdict() == preferred) {
                return at;
            }
            if (fallback == null) {
                fallback = at;
            }
        }
        return fallback != null ? fallback : new double[] {(x.lo + x.hi) / 2.0, (y.lo + y.hi) / 2.0};
    }

    /** The line of {@code slope} in log space through {@code at}, clipped to the box; nothing if it misses it. */
    private static void reference(StringBuilder out, int slope, double[] at, Range x, Range y, String dash) {
        // y = at[1] + slope·(x − at[0]) meets the box where x ∈ [x.lo, x.hi] and y ∈ [y.lo, y.hi]
        double from = Math.max(x.lo, at[0] + (y.lo - at[1]) / slope);
        double to = Math.min(x.hi, at[0] + (y.hi - at[1]) / slope);
        if (!(from < to)) {
            return;
        }
        out.append("<line class=\"reference slope-").append(slope).append("\" data-slope=\"").append(slope)
                .append("\" x1=\"").append(Markup.num(px(x, from))).append("\" y1=\"")
                .append(Markup.num(py(y, at[1] + slope * (from - at[0])))).append("\" x2=\"")
                .append(Markup.num(px(x, to))).append("\" y2=\"").append(Markup.num(py(y, at[1] + slope * (to - at[0]))))
                .append("\" stroke=\"#777\" stroke-width=\"1.5\" stroke-dasharray=\"").append(dash)
                .append("\"><title>reference: slope ").append(slope).append(slope == 2 ? " (r ∝ h², a right gradient)"
                        : " (r ∝ h, a wrong gradient)").append("</title></line>\n");
    }

    private static void curve(StringBuilder out, Series s, int index, Range x, Range y) {
        String colour = COLOURS[index % COLOURS.length];
        TaylorResult t = s.result();
        List<Point> points = t.points();
        StringBuilder line = new StringBuilder();
        StringBuilder noise = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            if (!plottable(p.h()) || !plottable(p.remainder())) {
                continue;
            }
            double px = px(x, Math.log10(p.h()));
            double py = py(y, Math.log10(p.remainder()));
            line.append(line.length() == 0 ? "" : " ").append(Markup.num(px)).append(',').append(Markup.num(py));
            if (plottable(p.noise())) {
                noise.append(noise.length() == 0 ? "" : " ").append(Markup.num(px)).append(',')
                        .append(Markup.num(py(y, Math.log10(p.noise()))));
            }
            boolean judged = t.pair() >= 0 && (k == t.pair() || k == t.pair() + 1);
            dots.append("<circle class=\"point").append(judged ? " judged" : "").append("\" data-series=\"")
                    .append(index).append("\" data-index=\"").append(k).append("\" cx=\"").append(Markup.num(px))
                    .append("\" cy=\"").append(Markup.num(py)).append("\" r=\"").append(judged ? "5" : "3.5")
                    .append("\" fill=\"").append(p.clear() ? colour : "#ffffff").append("\" stroke=\"")
                    .append(judged ? "#000000" : colour).append("\" stroke-width=\"").append(judged ? "2" : "1.5")
                    .append("\"><title>").append(Markup.text(String.format(Locale.ROOT,
                            "%s, step %d: h = %s, r(h) = %s, rounding bound N(h) = %s%s; %s%s", s.label(), k,
                            Markup.value(p.h()), Markup.value(p.remainder()), Markup.value(p.noise()),
                            p.noiseComplete() ? "" : " (partial)", p.clear() ? "clear of noise"
                                    : "not established clear of noise", p.kinksCrossed() > 0
                                    ? "; " + p.kinksCrossed() + " kink(s) crossed" : "")))
                    .append(judged ? " — judged pair" : "").append("</title></circle>\n");
        }
        out.append("<g class=\"curve\" data-series=\"").append(index).append("\">\n");
        if (noise.length() > 0) {
            out.append("<polyline class=\"noise\" data-series=\"").append(index).append("\" points=\"").append(noise)
                    .append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-opacity=\"0.55\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\n");
        }
        if (line.length() > 0) {
            out.append("<polyline class=\"series\" data-series=\"").append(index).append("\" points=\"")
                    .append(line).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>\n");
        }
        out.append(dots).append("</g>\n");
    }

    private static void legend(StringBuilder out, List<Series> series) {
        double lx = RIGHT + 22;
        double ly = TOP + 10;
        out.append("<g class=\"legend\">\n");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            out.append("<line x1=\"").append(Markup.num(lx)).append("\" y1=\"").append(Markup.num(ly))
                    .append("\" x2=\"").append(Markup.num(lx + 26)).append("\" y2=\"").append(Markup.num(ly))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
            out.append("<circle cx=\"").append(Markup.num(lx + 13)).append("\" cy=\"").append(Markup.num(ly))
                    .append("\" r=\"3.5\" fill=\"").append(colour).append("\"/>");
            out.append("<text class=\"legend-label\" data-series=\"").append(i).append("\" x=\"")
                    .append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4)).append("\">")
                    .append(Markup.text(shorten(s.label(), 36))).append("<title>").append(Markup.text(s.label()))
                    .append("</title></text>\n");
            out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 20))
                    .append("\" fill=\"#555\" font-size=\"11\">").append(Markup.text(verdictLine(s.result())))
                    .append("</text>\n");
            ly += 42;
        }
        ly += 4;
        out.append("<line x1=\"").append(Markup.num(lx)).append("\" y1=\"").append(Markup.num(ly)).append("\" x2=\"")
                .append(Markup.num(lx + 26)).append("\" y2=\"").append(Markup.num(ly))
                .append("\" stroke=\"#777\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">slope 2: r ∝ h² (right)</text>\n");
        ly += 22;
        out.append("<line x1=\"").append(Markup.num(lx)).append("\" y1=\"").append(Markup.num(ly)).append("\" x2=\"")
                .append(Markup.num(lx + 26)).append("\" y2=\"").append(Markup.num(ly))
                .append("\" stroke=\"#777\" stroke-width=\"1.5\" stroke-dasharray=\"2 4\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">slope 1: r ∝ h (wrong)</text>\n");
        ly += 22;
        out.append("<line x1=\"").append(Markup.num(lx)).append("\" y1=\"").append(Markup.num(ly)).append("\" x2=\"")
                .append(Markup.num(lx + 26)).append("\" y2=\"").append(Markup.num(ly))
                .append("\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">N(h): rounding bound of r</text>\n");
        ly += 22;
        out.append("<circle cx=\"").append(Markup.num(lx + 13)).append("\" cy=\"").append(Markup.num(ly))
                .append("\" r=\"3.5\" fill=\"#555\" stroke=\"#555\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">r clear of its rounding bound</text>\n");
        ly += 22;
        out.append("<circle cx=\"").append(Markup.num(lx + 13)).append("\" cy=\"").append(Markup.num(ly))
                .append("\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#555\" stroke-width=\"1.5\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">not established clear of it</text>\n");
        ly += 22;
        out.append("<circle cx=\"").append(Markup.num(lx + 13)).append("\" cy=\"").append(Markup.num(ly))
                .append("\" r=\"5\" fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"2\"/>");
        out.append("<text x=\"").append(Markup.num(lx + 34)).append("\" y=\"").append(Markup.num(ly + 4))
                .append("\">the pair the verdict is taken on</text>\n");
        out.append("</g>\n");
    }

    /** "consistent, order 2.00" — the verdict and the order it was taken from. */
    static String verdictLine(TaylorResult t) {
        String verdict = t.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Double.isNaN(t.order()) ? verdict : verdict + ", observed order " + String.format(Locale.ROOT, "%.2f",
                t.order());
    }

    private static String shorten(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static double px(Range x, double log) {
        return LEFT + (log - x.lo) / (x.hi - x.lo) * (RIGHT - LEFT);
    }

    private static double py(Range y, double log) {
        return BOTTOM - (log - y.lo) / (y.hi - y.lo) * (BOTTOM - TOP);
    }

    /** The decades an axis spans: from the floor of the least log₁₀ to the ceiling of the largest, at least one. */
    private static final class Range {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private int lo;
        private int hi;

        void add(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        boolean empty() {
            return min > max;
        }

        void close() {
            lo = (int) Math.floor(min);
            hi = (int) Math.ceil(max);
            if (hi == lo) {
                // a single value (or one exact decade) still gets an axis one decade either side
                lo -= 1;
                hi += 1;
            }
        }
    }
}
