package dev.backprop.verification.numeric;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Central finite differences of a deep network's loss along every parameter, sample by sample (ℓ = w Σ_b ℓ_b),
 * each with its own error estimate (see {@link Tolerances}). At a step h, the 5-point stencil
 * D5(h) = (f(θ−2h) − 8f(θ−h) + 8f(θ+h) − f(θ+2h)) / 12h is taken at h and at h/2, and the 3-point stencil
 * D3(h/2) = (f(θ+h/2) − f(θ−h/2)) / h at h/2. D5(h/2) is the estimate; its error estimate is the larger of
 * |D5(h/2) − D3(h/2)| (the 3-point truncation, which dominates the 5-point one) and |D5(h) − D5(h/2)|, plus
 * {@link Tolerances#CENTRED_STENCIL_WEIGHT} times the rounding of ℓ_b over h/2.
 *
 * <p>The step is validated, not assumed. It must resolve the function: over the stencil no curved unit's
 * pre-activation (tanh, logistic, softplus) and no softmax logit may move by more than
 * {@link Tolerances#RESOLVED_PREACTIVATION_CHANGE}, the scale on which they bend — measured on the network
 * itself ({@code DeepLossOracle.smoothChange}), not inferred from the values. And the two 5-point values must
 * agree far better than the 3-point one does with either ({@link Tolerances#ASYMPTOTIC_RATIO},
 * {@link Tolerances#SMOOTHNESS_ROUNDING_ALLOWANCE}). Otherwise — a tanh saturated to a near-step at entry scale
 * 10, a softmax switching — the step is halved. Among the steps that pass, halving goes on until the rounding
 * term alone, which doubles with each halving, exceeds the least error estimate found; that step is kept, so the
 * check is as sharp as the function allows. When no step passes within {@link Tolerances#MAX_STEP_HALVINGS}
 * halvings, that sample is not judged for that coordinate ({@link #unresolved()}) and is left to forward-mode AD.
 *
 * <p>Kinks (ReLU, leaky ReLU) are not differenced across. Each sample's loss is evaluated with every unit of a
 * kinked layer held on the linear piece it is on at θ ({@link DeepLossOracle}): near θ that is ℓ_b itself, and
 * its derivative at θ is ℓ_b's, while beyond a kink it continues the piece smoothly — so the stencil keeps its
 * full step and its error bound, and the value is the exact one-sided derivative on θ's side. Stencils that did
 * reach past a kink are counted ({@link #crossings()}). A unit whose pre-activation is 0 within rounding
 * ({@link DeepGauges#kinkGroups()}) sits on the kink: a correct implementation may take either slope there, one
 * per point for every parameter. Such points are differenced on each piece, and {@link #judge} enumerates the
 * choices — one per group of points, the same for every coordinate, as forward-mode AD does — keeping the one
 * that fits best ({@link #onKink()} counts these points).
 */
public final class DeepFiniteDifferences {
    private final DeepParameters layout;
    private final List<List<int[]>> groups;
    /** [b][j]: the group of sample b's j-th point on a kink; the j-th bit of a key is that point's piece. */
    private final int[][] groupOf;
    /** [b][key][p]: the weighted derivative of ℓ_b along coordinate p with sample b's points on the key's pieces. */
    private final double[][][] estimate;
    private final double[][][] bound;
    private final int onKink;
    private int crossings;
    private int unresolved;

    private DeepFiniteDifferences(DeepParameters layout, List<List<int[]>> groups, int samples, int onKink) {
        this.layout = layout;
        this.groups = groups;
        this.groupOf = new int[samples][];
        this.estimate = new double[samples][][];
        this.bound = new double[samples][][];
        this.onKink = onKink;
    }

    /**
     * Differentiates ℓ along every parameter of {@code network} for {@code batch}. Nothing is modified.
     *
     * @throws CannotJudge if more points sit on a kink within rounding than {@link Tolerances#MAX_KINK_SAMPLES}
     */
    public static DeepFiniteDifferences of(DeepNetwork network, Batch batch, Objective objective,
            DeepGauges gauges) {
        DeepParameters layout = DeepParameters.of(network);
        double[] theta = layout.flatten(network);
        DeepLossOracle oracle = new DeepLossOracle(layout, network, batch, objective.loss());
        List<List<int[]>> groups = gauges.kinkGroups();
        DeepFiniteDifferences fd = new DeepFiniteDifferences(layout, groups, batch.size(), gauges.roundingKinks());
        double w = gauges.weight();
        for (int b = 0; b < batch.size(); b++) {
            List<int[]> points = new ArrayList<>();
            List<Integer> pointGroups = new ArrayList<>();
            for (int q = 0; q < groups.size(); q++) {
                for (int[] point : groups.get(q)) {
                    if (point[0] == b) {
                        points.add(point);
                        pointGroups.add(q);
                    }
                }
            }
            fd.groupOf[b] = pointGroups.stream().mapToInt(Integer::intValue).toArray();
            byte[][] atTheta = oracle.piecesAt(theta, b);
            int keys = 1 << points.size();
            fd.estimate[b] = new double[keys][theta.length];
            fd.bound[b] = new double[keys][theta.length];
            for (int key = 0; key < keys; key++) {
                byte[][] pieces = new byte[atTheta.length][];
                for (int k = 1; k < atTheta.length; k++) {
                    pieces[k] = atTheta[k].clone();
                }
                for (int j = 0; j < points.size(); j++) {
                    int[] point = points.get(j);
                    pieces[point[1]][point[2]] = (key >> j & 1) == 0 ? DeepLossOracle.BELOW : DeepLossOracle.ABOVE;
                }
                for (int p = 0; p < theta.length; p++) {
                    fd.differentiate(p, b, key, theta, pieces, oracle, gauges.sampleLossRounding(b), w);
                }
            }
        }
        return fd;
    }

    private void differentiate(int p, int b, int key, double[] theta, byte[][] pieces, DeepLossOracle oracle,
            double rounding, double w) {
        double t0 = theta[p];
        double[] work = theta.clone();
        oracle.sampleLoss(work, b, pieces);
        double[] centre = oracle.smoothState();
        double h = Tolerances.finiteDifferenceStep(t0);
        boolean crossed = false;
        boolean found = false;
        double best = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        double[] f = new double[7];
        for (int halvings = 0; halvings <= Tolerances.MAX_STEP_HALVINGS; halvings++, h /= 2) {
            // f at θ + m·h/2 for m = −4, −2, −1, 1, 2, 4 (index m + 3 for |m| ≤ 2; 0 and 6 for ∓4)
            double change = 0.0;
            for (int m : STENCIL) {
                work[p] = t0 + m * h / 2;
                f[index(m)] = oracle.sampleLoss(work, b, pieces);
                crossed |= oracle.crossed();
                change = Math.max(change, oracle.smoothChange(centre));
            }
            double d5 = fivePoint(f[0], f[1], f[5], f[6], h);
            double d5Half = fivePoint(f[1], f[2], f[4], f[5], h / 2);
            double d3Half = (f[4] - f[2]) / h;
            double rounding2 = Tolerances.CENTRED_STENCIL_WEIGHT * rounding / (h / 2);
            double truncation = Math.abs(d5Half - d3Half);
            double error = Math.max(truncation, Math.abs(d5 - d5Half)) + rounding2;
            // the step resolves the function: no curved unit moves further than the scale on which it bends, and
            // the two 5-point values agree far better than the 3-point one does with either
            boolean resolved = change <= Tolerances.RESOLVED_PREACTIVATION_CHANGE;
            boolean asymptotic = Math.abs(d5 - d5Half)
                    <= Tolerances.ASYMPTOTIC_RATIO * truncation + Tolerances.SMOOTHNESS_ROUNDING_ALLOWANCE * rounding2;
            if (resolved && asymptotic && (!found || error < bestError)) {
                found = true;
                best = d5Half;
                bestError = error;
            }
            if (found && rounding2 > bestError) {
                // every later level's error is at least its rounding term, which only grows: none can do better
                break;
            }
        }
        if (!found) {
            // no step resolved the function within the halvings: finite differences cannot judge this coordinate
            // for this sample, and say so; forward-mode AD still does
            best = 0.0;
            bestError = Double.POSITIVE_INFINITY;
            unresolved += key == 0 ? 1 : 0;
        }
        estimate[b][key][p] = w * best;
        bound[b][key][p] = w * bestError;
        crossings += crossed && key == 0 ? 1 : 0;
    }

    /** Offsets, in half steps, of the points each level of {@link #differentiate} evaluates. */
    private static final int[] STENCIL = {-4, -2, -1, 1, 2, 4};

    private static int index(int m) {
        return m == -4 ? 0 : m == 4 ? 6 : m + 3;
    }

    /** (f(θ−2h) − 8f(θ−h) + 8f(θ+h) − f(θ+2h)) / 12h. */
    private static double fivePoint(double minus2, double minus1, double plus1, double plus2, double h) {
        return (minus2 - 8 * minus1 + 8 * plus1 - plus2) / (12 * h);
    }

    /** The sample's key under a joint choice of pieces, one bit per group. */
    private int keyOf(int b, int pattern) {
        int key = 0;
        for (int j = 0; j < groupOf[b].length; j++) {
            key |= (pattern >> groupOf[b][j] & 1) << j;
        }
        return key;
    }

    private double[][] combined(int pattern) {
        int count = layout.count();
        double[] value = new double[count];
        double[] error = new double[count];
        for (int b = 0; b < estimate.length; b++) {
            int key = keyOf(b, pattern);
            for (int p = 0; p < count; p++) {
                value[p] += estimate[b][key][p];
                error[p] += bound[b][key][p];
            }
        }
        return new double[][] {value, error};
    }

    /**
     * The estimates arranged as a numerator-layout gradient; points on a kink within rounding take the spec's
     * convention, the slope below zero.
     */
    public DeepGradient estimate() {
        return layout.toGradient(combined(0)[0]);
    }

    /**
     * The error bound of each entry of {@link #estimate()} (the same choice of pieces), coordinate by coordinate
     * in the order of {@link DeepParameters#flatten}: infinite where some sample's coordinate was not resolved.
     * What an error must exceed for finite differences to see it — so that their agreement with a gradient is
     * read as evidence only where they could have disagreed. A new array.
     */
    public double[] bound() {
        return combined(0)[1];
    }

    /** (coordinate, sample) pairs whose stencil reached past a kink (differenced on θ's piece). */
    public int crossings() {
        return crossings;
    }

    /**
     * (coordinate, sample) pairs no step resolved within {@link Tolerances#MAX_STEP_HALVINGS} halvings: not judged
     * by finite differences (any value is accepted for that sample), left to forward-mode AD.
     */
    public int unresolved() {
        return unresolved;
    }

    /** Points (sample, layer, unit) on a kink within rounding, whose sides were enumerated. */
    public int onKink() {
        return onKink;
    }

    /**
     * Judges {@code analytic} (any layout) coordinate by coordinate: the scaled error is |g − D| / (bound +
     * ε·K·gauge of g), D the estimate. With points on a kink, every joint choice of their pieces is tried, one per
     * group for all coordinates, and the choice with the least worst scaled error is kept. The worst coordinate
     * is reported, with every parameter that has a failing entry.
     */
    public Discrepancy judge(String what, DeepGradient analytic, DeepGauges judged) {
        return judge(what, analytic, judged, 1.0, 0.0);
    }

    /**
     * As {@link #judge(String, DeepGradient, DeepGauges)}, for an analytic gradient computed in a coarser format
     * than double (a float32 submission): its rounding is {@code roundingScale}·ε·K·(gauge + {@code addedGauge})
     * instead of ε·K·gauge, so the scaled error is |g − D| / (bound + roundingScale·ε·K·(gauge + addedGauge)).
     * The bound covers the estimate D's own error (computed here in double, whatever g was computed in) and the
     * second term g's, so their sum still bounds |g − D|. {@code addedGauge} is the format's underflow term
     * (η/ε of that format, like {@link Tolerances#UNDERFLOW_GAUGE} for doubles); an entry whose gauge is 0 is
     * exactly 0 in every format and gets none.
     */
    public Discrepancy judge(String what, DeepGradient analytic, DeepGauges judged, double roundingScale,
            double addedGauge) {
        double[] g = layout.flatten(analytic);
        double[] gauge = layout.flatten(judged.gradient());
        for (int p = 0; p < gauge.length; p++) {
            gauge[p] = gauge[p] > 0 ? roundingScale * (gauge[p] + addedGauge) : 0.0;
        }
        double bestWorst = Double.POSITIVE_INFINITY;
        int bestAt = 0;
        double[][] bestCombined = null;
        for (int pattern = 0; pattern < 1 << groups.size(); pattern++) {
            double[][] c = combined(pattern);
            double worst = -1;
            int at = 0;
            for (int p = 0; p < g.length; p++) {
                double e = scaled(g[p], c[0][p], c[1][p], gauge[p], judged.k());
                if (e > worst) {
                    worst = e;
                    at = p;
                }
            }
            if (bestCombined == null || worst < bestWorst) {
                bestWorst = worst;
                bestAt = at;
                bestCombined = c;
            }
        }
        Set<String> failing = new LinkedHashSet<>();
        for (int p = 0; p < g.length; p++) {
            if (scaled(g[p], bestCombined[0][p], bestCombined[1][p], gauge[p], judged.k())
                    > Tolerances.FINITE_DIFFERENCE_THRESHOLD) {
                failing.add(layout.parameterOf(p).describe());
            }
        }
        String note = String.format(Locale.ROOT, "%s; %d stencil(s) reached past a kink (differenced on the point's "
                + "piece), %d point(s) on a kink within rounding (sides enumerated), %d coordinate-sample pair(s) no "
                + "step resolved (left to AD)%s", layout.describe(bestAt), crossings, onKink, unresolved,
                failing.isEmpty() ? "" : "; failing: " + String.join(", ", failing));
        return new Discrepancy(what + " vs finite differences", true, bestWorst,
                Tolerances.FINITE_DIFFERENCE_THRESHOLD, -1, -1, g[bestAt], bestCombined[0][bestAt], note);
    }

    private static double scaled(double got, double want, double bound, double gauge, int k) {
        double diff = Math.abs(got - want);
        double e = diff == 0.0 ? 0.0 : diff / (bound + Tolerances.EPSILON * k * gauge);
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }
}
