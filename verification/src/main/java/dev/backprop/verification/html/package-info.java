/**
 * A report to look at: one self-contained HTML5 page with a gate run's claim table, errata and implementation
 * checks, the forward and backward diagrams, a log-log plot of the Taylor remainder and heat maps of a wrong
 * gradient's error per entry.
 *
 * <p>{@link dev.backprop.verification.html.HtmlReport} builds and writes the page ({@code forGate} for a gate run
 * with examples computed from its seed); {@link dev.backprop.verification.html.TaylorPlot} draws the Taylor plot
 * and {@link dev.backprop.verification.html.HeatMap} the heat maps, both as inline SVG.
 *
 * <p>Constants of this package (layout only, no tolerance): {@link
 * dev.backprop.verification.html.HeatMap#MAX_SIDE} = 64 cells a side before a heat map is drawn in blocks;
 * {@link dev.backprop.verification.html.TaylorPlot#MAX_LABELS} = 12 decade labels an axis; the examples' planted
 * mistake, {@link dev.backprop.verification.html.HtmlReport#WRONG_LAYER} scaled by
 * {@link dev.backprop.verification.html.HtmlReport#WRONG_FACTOR}.
 */
package dev.backprop.verification.html;
