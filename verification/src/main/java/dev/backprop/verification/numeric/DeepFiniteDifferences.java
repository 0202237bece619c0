package dev.backprop.verification.numeric;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import java.util.Locale;

/**
 * Central finite differences of a deep network's loss along every parameter, sample by sample (ℓ = w Σ_b ℓ_b),
 * each with its own error estimate (see {@link Tolerances}). At a step h, the 5-point stencil
 * D5(h) = (f(θ−2h) − 8f(θ−h) + 8f(θ+h) − f(θ+2h)) / 12h is taken at h and at h/2, and the 3-point stencil
 * D3(h/2) = (f(θ+h/2) − f(θ−h/2)) / h at h/2. D5(h/2) is the estimate; its error estimate is the larger of
 * |D5(h/2) − D3(h/2)| (the 3-point truncation, which dominates the 5-point one) and |D5(h) − D5(h/2)|, plus
 * {@link Tolerances#CENTRED_STENCIL_WEIGHT} times the rounding of ℓ_b over h/2.
 *
 * <p>The step is validated, not assumed: on a function smooth at the step's scale the two 5-point values agree
 * far better than the 3-point one does with either. When they do not, the function turns within the stencil —
 * a tanh or sigmoid saturated to a near-step at entry scale 10, a softmax switching — and the step is halved
 * until they do (the same loop that shrinks it beside a kink), or the halvings run out and the large error
 * estimate is kept. A fixed stencil would report the slope of a chord there with an estimate of its own error
 * that is no better. Once the step is validated, halving goes on while the error estimate falls (truncation
 * shrinks as h², rounding grows as 1/h), and the level with the least estimate is kept, so that the check is as
 * sharp as the function allows rather than as loose as the first acceptable step.
 *
 * <p>Kinks (ReLU, leaky ReLU) are detected, not guessed: every evaluation of ℓ_b records on which side of 0
 * each pre-activation of a kinked layer lies ({@link DeepLossOracle}). When the stencil points of a sample do
 * not all share one pattern, a kink lies within the stencil, and ℓ_b is not smooth there:
 * <ul>
 *   <li>the step is halved for that sample alone, up to {@link Tolerances#MAX_STEP_HALVINGS} times, until the
 *       stencil fits between θ and the kink; the centred stencils are then used with that step, and their
 *       rounding term grows as the step shrinks, so the bound stays honest ({@link #shrunk()} counts these);</li>
 *   <li>if even the smallest step straddles the kink, θ sits on it: any value between the two one-sided
 *       derivatives is accepted for that sample, each taken by second-order one-sided stencils with a validated
 *       step ({@link #oneSided}), widened by their error estimates and the part of the slope jump a stencil
 *       straddling a kink that near can pick up ({@link #bracketed()} counts these). The exact oracle that knows
 *       the implementation's side is forward-mode AD, which enumerates the sides.</li>
 *   <li>where two or more kinks meet at θ (their pre-activations change side within the smallest stencil
 *       together), a correct implementation may take any combination of their sides and the one-sided
 *       derivatives are only two of those: that sample is not judged here for that coordinate (any value is
 *       accepted for it, {@link #deferred()} counts these) and is left to forward-mode AD, which enumerates
 *       every combination.</li>
 * </ul>
 */
public final class DeepFiniteDifferences {
    private final DeepParameters layout;
    private final double[] estimate;
    private final double[] low;
    private final double[] high;
    private final double[] bound;
    private int shrunk;
    private int bracketed;
    private int deferred;

    private DeepFiniteDifferences(DeepParameters layout) {
        this.layout = layout;
        int count = layout.count();
        estimate = new double[count];
        low = new double[count];
        high = new double[count];
        bound = new double[count];
    }

    /** Differentiates ℓ along every parameter of {@code network} for {@code batch}. Nothing is modified. */
    public static DeepFiniteDifferences of(DeepNetwork network, Batch batch, Objective objective,
            DeepGauges gauges) {
        DeepParameters layout = DeepParameters.of(network);
        double[] theta = layout.flatten(network);
        DeepLossOracle oracle = new DeepLossOracle(layout, network, batch, objective.loss());
        DeepFiniteDifferences fd = new DeepFiniteDifferences(layout);
        double w = gauges.weight();
        for (int p = 0; p < theta.length; p++) {
            for (int b = 0; b < batch.size(); b++) {
                fd.differentiate(p, b, theta, oracle, gauges.sampleLossRounding(b), w);
            }
        }
        return fd;
    }

    private void differentiate(int p, int b, double[] theta, DeepLossOracle oracle, double rounding, double w) {
        double t0 = theta[p];
        double[] work = theta.clone();
        int from = layout.layerOf(p);
        oracle.sampleLoss(work, b);
        boolean[][] centre = oracle.pattern();
        double h = Tolerances.finiteDifferenceStep(t0);
        boolean kinkMet = false;
        boolean found = false;
        double best = Double.NaN;
        double bestError = Double.POSITIVE_INFINITY;
        double[] f = new double[7];
        for (int halvings = 0; halvings <= Tolerances.MAX_STEP_HALVINGS; halvings++, h /= 2) {
            // f at θ + m·h/2 for m = −4, −2, −1, 1, 2, 4 (index m + 3 for |m| ≤ 2; 0 and 6 for ∓4)
            boolean smooth = true;
            for (int m : STENCIL) {
                work[p] = t0 + m * h / 2;
                f[index(m)] = oracle.sampleLoss(work, b);
                smooth &= oracle.samePattern(centre, from);
            }
            if (!smooth) {
                kinkMet = true;
                if (found) {
                    break;
                }
                continue;
            }
            double d5 = fivePoint(f[0], f[1], f[5], f[6], h);
            double d5Half = fivePoint(f[1], f[2], f[4], f[5], h / 2);
            double d3Half = (f[4] - f[2]) / h;
            double rounding2 = Tolerances.CENTRED_STENCIL_WEIGHT * rounding / (h / 2);
            double truncation = Math.abs(d5Half - d3Half);
            double error = Math.max(truncation, Math.abs(d5 - d5Half)) + rounding2;
            // in the asymptotic regime the 5-point estimates at h and h/2 agree far better than the 3-point one
            // does with either; if they do not, the function turns within the stencil (a saturated tanh, a
            // softmax switching) and the step is halved, as for a kink, until it is smooth on the step's scale
            boolean asymptotic = Math.abs(d5 - d5Half) <= truncation + 2 * rounding2;
            if (asymptotic && error < bestError) {
                // and once there, halving goes on while the error estimate falls: truncation shrinks as h²,
                // rounding grows as 1/h, and the step where they balance gives the tightest honest bound
                found = true;
                best = d5Half;
                bestError = error;
            } else if (found) {
                break;
            } else if (halvings == Tolerances.MAX_STEP_HALVINGS) {
                found = true;
                best = d5Half;
                bestError = error;
            }
        }
        if (found) {
            add(p, w * best, w * best, w * bestError);
            shrunk += kinkMet ? 1 : 0;
            return;
        }
        // h is now the smallest step tried, over 2: the kinks within it are the ones θ sits on
        work[p] = t0 - 2 * h;
        oracle.sampleLoss(work, b);
        boolean[][] below = oracle.pattern();
        work[p] = t0 + 2 * h;
        oracle.sampleLoss(work, b);
        boolean[][] above = oracle.pattern();
        if (DeepLossOracle.differing(below, centre, above, from) > 1) {
            // several kinks meet at θ: a correct implementation may take any combination of their sides, and
            // the two one-sided derivatives are only two of those combinations, so finite differences cannot
            // judge this sample here; forward-mode AD, which enumerates the combinations, does
            deferred++;
            add(p, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0);
            return;
        }
        bracketed++;
        work[p] = t0;
        double f0 = oracle.sampleLoss(work, b);
        double[] left = oneSided(-1, below, f0, work, p, from, oracle, b, rounding);
        double[] right = oneSided(1, above, f0, work, p, from, oracle, b, rounding);
        // the kink lies within 2^−MAX_STEP_HALVINGS·2h₀ of θ, so a stencil on its side may straddle it by that
        // fraction of its step: the slope jump |side₊ − side₋| leaks in at most in that proportion
        double leak = Math.abs(right[0] - left[0]) * Math.scalb(2.0, -Tolerances.MAX_STEP_HALVINGS);
        add(p, w * Math.min(left[0], right[0]), w * Math.max(left[0], right[0]),
                w * (Math.max(left[1], right[1]) + leak));
    }

    /**
     * The derivative of ℓ_b on side {@code dir} (±1) of θ, which sits on a kink, with its error estimate: the
     * second-order one-sided stencil D(s) = ±(−3f(θ) + 4f(θ ± s) − f(θ ± 2s)) / 2s, exact on a quadratic piece,
     * at s = h/2 and h/4, validated like the centred stencils: where the two disagree by more than D(h/4)'s
     * distance from the first-order difference (f(θ ± h/4) − f(θ)) / (h/4) — the function turns within the step,
     * as softmax does at large logits — the step is halved. Every point must show {@code sidePattern}, the
     * pattern just beside θ on that side; a point past another kink halves the step too. As for the centred
     * stencils, halving goes on while the error estimate falls, and the least is kept. Returns {estimate, error};
     * the error is the larger of the two distances plus the stencil's rounding.
     */
    private double[] oneSided(int dir, boolean[][] sidePattern, double f0, double[] work, int p, int from,
            DeepLossOracle oracle, int b, double rounding) {
        double t0 = work[p];
        double h = Tolerances.finiteDifferenceStep(t0);
        double[] last = null;
        double[] best = null;
        for (int halvings = 0; halvings <= Tolerances.MAX_STEP_HALVINGS; halvings++, h /= 2) {
            double[] f = new double[3];
            boolean onePiece = true;
            for (int m = 0; m < 3; m++) {
                // θ ± h/4, θ ± h/2, θ ± h
                work[p] = t0 + dir * h / (4 >> m);
                f[m] = oracle.sampleLoss(work, b);
                onePiece &= oracle.samePattern(sidePattern, from);
            }
            work[p] = t0;
            if (!onePiece) {
                if (best != null) {
                    break;
                }
                continue;
            }
            double quarter = dir * (-3 * f0 + 4 * f[0] - f[1]) / (h / 2);
            double half = dir * (-3 * f0 + 4 * f[1] - f[2]) / h;
            double first = dir * (f[0] - f0) / (h / 4);
            double truncation = Math.abs(quarter - first);
            double stencilRounding = Tolerances.ONE_SIDED_STENCIL_WEIGHT * rounding / (h / 4);
            last = new double[] {quarter, Math.max(truncation, Math.abs(half - quarter)) + stencilRounding};
            boolean validated = Math.abs(half - quarter) <= truncation + 2 * stencilRounding;
            if (validated && (best == null || last[1] < best[1])) {
                best = last;
            } else if (best != null) {
                break;
            }
        }
        // no step was both on one piece and smooth: the last smooth one with its large error, or no judgement
        return best != null ? best : last != null ? last : new double[] {0.0, Double.POSITIVE_INFINITY};
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

    private void add(int p, double lo, double hi, double error) {
        low[p] += lo;
        high[p] += hi;
        estimate[p] += Double.isInfinite(hi - lo) ? 0.0 : (lo + hi) / 2;
        bound[p] += error;
    }

    /** The estimates arranged as a numerator-layout gradient (midpoints where a sample was bracketed). */
    public DeepGradient estimate() {
        return layout.toGradient(estimate.clone());
    }

    /** (coordinate, sample) pairs whose stencil met a kink and was shrunk to fit beside it. */
    public int shrunk() {
        return shrunk;
    }

    /** (coordinate, sample) pairs sitting on a kink, where the one-sided differences bracket the answer. */
    public int bracketed() {
        return bracketed;
    }

    /**
     * (coordinate, sample) pairs sitting where two or more kinks meet: not judged by finite differences (any
     * value accepted for that sample), left to forward-mode AD.
     */
    public int deferred() {
        return deferred;
    }

    /**
     * Judges {@code analytic} (any layout) coordinate by coordinate: the scaled error is the distance of g from
     * [low, high] (a point unless a sample was bracketed) over (bound + ε·K·gauge of g). The worst coordinate is
     * reported, with the list of every parameter that has a failing entry.
     */
    public Discrepancy judge(String what, DeepGradient analytic, DeepGauges judged) {
        double[] g = layout.flatten(analytic);
        double[] gauge = layout.flatten(judged.gradient());
        double worst = -1;
        int at = 0;
        java.util.Set<String> failing = new java.util.LinkedHashSet<>();
        for (int p = 0; p < g.length; p++) {
            double distance = g[p] < low[p] ? low[p] - g[p] : g[p] > high[p] ? g[p] - high[p] : 0.0;
            double e = distance == 0.0 ? 0.0 : distance / (bound[p] + Tolerances.EPSILON * judged.k() * gauge[p]);
            e = Double.isNaN(e) || Double.isNaN(g[p]) ? Double.POSITIVE_INFINITY : e;
            if (e > Tolerances.FINITE_DIFFERENCE_THRESHOLD) {
                failing.add(layout.parameterOf(p).describe());
            }
            if (e > worst) {
                worst = e;
                at = p;
            }
        }
        String where = layout.describe(at) + (low[at] != high[at] ? " (on a kink: between the one-sided differences)" : "");
        String note = String.format(Locale.ROOT, "%s; %d stencil(s) shrunk beside a kink, %d bracketed on one, %d where "
                + "kinks meet left to AD%s", where, shrunk, bracketed, deferred,
                failing.isEmpty() ? "" : "; failing: " + String.join(", ", failing));
        return new Discrepancy(what + " vs finite differences", true, worst, Tolerances.FINITE_DIFFERENCE_THRESHOLD,
                -1, -1, g[at], (low[at] + high[at]) / 2, note);
    }
}
