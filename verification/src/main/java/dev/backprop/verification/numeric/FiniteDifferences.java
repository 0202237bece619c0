package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;

/**
 * Central finite differences of the shallow network's loss along every parameter, each with its own error
 * estimate (see {@link Tolerances}): commons-math3's 5-point stencil gives the estimate, the 3-point stencil's
 * distance from it estimates the truncation, and the rounding of ℓ divided by the step bounds the cancellation.
 *
 * <p>ReLU kinks are located, not guessed. Along a coordinate of W1 or b1, sample b's pre-activation of the
 * unit moves linearly, z_b(t) = z_b + (t − θ)·c_b with c_b = x_bj (for w_ij) or 1 (for b_i), so its kink sits
 * at offset −z_b/c_b. Two cases, both reported as kink coordinates:
 * <ul>
 *   <li>a kink inside the stencil but not at θ: the step is shrunk until the stencil (±2h) stays clear of
 *       every kink, and the centred estimate is used as usual, its rounding bound growing as 1/h;</li>
 *   <li>kinks at θ itself (z_b = 0 within its rounding, {@link Gauges#atRoundingKink}): each such sample's
 *       loss ℓ_b has two one-sided derivatives there, and a correct implementation may take either, sample by
 *       sample (σ'(0) = 0 is one such choice). Along one coordinate ℓ_b of a ReLU network is piecewise
 *       quadratic, so the second-order one-sided stencils (∓3f(θ) ± 4f(θ ± h) ∓ f(θ ± 2h)) / 2h are exact on
 *       each side up to rounding (weights' absolute sum 4, so the bound is 4·δf/h). The rest of the batch is
 *       differentiated centrally; the analytic value must match the rest plus one side per kink sample.</li>
 * </ul>
 */
public final class FiniteDifferences {
    private final FlatParameters layout;
    private final double[] estimate;
    private final double[] bound;
    private final boolean[] kink;
    /** Per coordinate with kinks at θ: for each such sample, its two one-sided derivatives; else null. */
    private final double[][][] sides;

    private FiniteDifferences(FlatParameters layout, int p) {
        this.layout = layout;
        this.estimate = new double[p];
        this.bound = new double[p];
        this.kink = new boolean[p];
        this.sides = new double[p][][];
    }

    /** Differentiates ℓ along every parameter of {@code network} for {@code batch}. Nothing is modified. */
    public static FiniteDifferences of(ShallowNetwork network, Batch batch) {
        FlatParameters layout = FlatParameters.of(network);
        double[] theta = layout.flatten(network);
        LossOracle oracle = new LossOracle(layout, network.activation(), batch);
        Gauges gauges = Gauges.of(network, batch);
        FiniteDifferences fd = new FiniteDifferences(layout, theta.length);
        for (int p = 0; p < theta.length; p++) {
            fd.differentiate(p, theta, oracle, gauges, network.activation());
        }
        return fd;
    }

    private void differentiate(int p, double[] theta, LossOracle oracle, Gauges gauges, Activation activation) {
        double t0 = theta[p];
        double h = Tolerances.finiteDifferenceStep(t0);
        double rounding = gauges.lossRounding();
        double[] work = theta.clone();
        java.util.List<Integer> atKink = new java.util.ArrayList<>();
        if (activation == Activation.RELU && layout.movesHiddenLayer(p)) {
            int i = layout.hiddenUnitOf(p);
            int j = layout.inputOf(p);
            double nearest = Double.POSITIVE_INFINITY;
            for (int b = 0; b < oracle.batch().size(); b++) {
                double c = j < 0 ? 1.0 : oracle.batch().inputs().get(j, b);
                if (c == 0.0) {
                    continue;
                }
                if (gauges.atRoundingKink(b, i)) {
                    atKink.add(b);
                } else {
                    nearest = Math.min(nearest, Math.abs(oracle.preActivation(theta, b, i) / c));
                }
            }
            if (!atKink.isEmpty() || nearest <= Tolerances.KINK_CLEARANCE_STEPS * h) {
                kink[p] = true;
                h = Math.min(h, nearest / Tolerances.KINK_CLEARANCE_STEPS);
            }
        }
        if (atKink.size() > Tolerances.MAX_KINK_SAMPLES) {
            throw new CannotJudge(atKink.size() + " samples sit at a ReLU kink along " + layout.describe(p)
                    + "; at most " + Tolerances.MAX_KINK_SAMPLES + " can be judged");
        }
        double step = h;
        java.util.function.DoubleUnaryOperator rest = t -> {
            work[p] = t;
            double sum = 0.0;
            for (int b = 0; b < oracle.batch().size(); b++) {
                sum += atKink.contains(b) ? 0.0 : oracle.sampleLoss(work, b);
            }
            return sum;
        };
        double d5 = derivative(new FiniteDifferencesDifferentiator(5, step), rest, t0);
        double d3 = derivative(new FiniteDifferencesDifferentiator(3, step), rest, t0);
        estimate[p] = d5;
        bound[p] = Math.abs(d5 - d3) + 1.5 * rounding / step;
        if (!atKink.isEmpty()) {
            sides[p] = new double[atKink.size()][];
            for (int t = 0; t < atKink.size(); t++) {
                int b = atKink.get(t);
                java.util.function.DoubleUnaryOperator fb = u -> {
                    work[p] = u;
                    return oracle.sampleLoss(work, b);
                };
                double f0 = fb.applyAsDouble(t0);
                double left = (3 * f0 - 4 * fb.applyAsDouble(t0 - step) + fb.applyAsDouble(t0 - 2 * step)) / (2 * step);
                double right = (-3 * f0 + 4 * fb.applyAsDouble(t0 + step) - fb.applyAsDouble(t0 + 2 * step))
                        / (2 * step);
                sides[p][t] = new double[] {left, right};
                bound[p] += 4 * rounding / step;
            }
        }
    }

    private static double derivative(FiniteDifferencesDifferentiator differentiator,
            java.util.function.DoubleUnaryOperator f, double t0) {
        UnivariateDifferentiableFunction df = differentiator.differentiate(f::applyAsDouble);
        return df.value(new DerivativeStructure(1, 1, 0, t0)).getPartialDerivative(1);
    }

    /**
     * The estimates arranged as a numerator-layout gradient; at a kink at θ, with every kink sample on its
     * left side.
     */
    public ShallowGradient estimate() {
        double[] e = new double[estimate.length];
        for (int p = 0; p < e.length; p++) {
            e[p] = estimate[p];
            for (int t = 0; sides[p] != null && t < sides[p].length; t++) {
                e[p] += sides[p][t][0];
            }
        }
        return layout.toGradient(e);
    }

    /** The rest's estimate plus, for each kink sample, whichever side brings the sum nearest {@code g}. */
    private double nearestCombination(int p, double g) {
        if (sides[p] == null) {
            return estimate[p];
        }
        double best = Double.NaN;
        for (int pattern = 0; pattern < 1 << sides[p].length; pattern++) {
            double sum = estimate[p];
            for (int t = 0; t < sides[p].length; t++) {
                sum += sides[p][t][pattern >> t & 1];
            }
            if (Double.isNaN(best) || Math.abs(g - sum) < Math.abs(g - best)) {
                best = sum;
            }
        }
        return best;
    }

    /** How many coordinates met a ReLU kink within their stencil or at the point itself. */
    public int kinks() {
        int count = 0;
        for (boolean k : kink) {
            count += k ? 1 : 0;
        }
        return count;
    }

    /**
     * Judges {@code analytic} (any layout) coordinate by coordinate: the scaled error is |g − D| / (bound +
     * ε·K·gauge of g), where D is the estimate, or at a kink at the point itself the nearer of the two one-sided
     * derivatives. The worst coordinate is reported.
     */
    public Discrepancy judge(String what, ShallowGradient analytic, Gauges gauges) {
        double[] g = layout.flatten(analytic);
        double[] gauge = layout.flatten(gauges.gradient());
        double worst = -1;
        int at = 0;
        double wantAt = 0.0;
        for (int p = 0; p < g.length; p++) {
            double want = nearestCombination(p, g[p]);
            double diff = Math.abs(g[p] - want);
            double e = diff == 0.0 ? 0.0 : diff / (bound[p] + Tolerances.EPSILON * gauges.k() * gauge[p]);
            if (Double.isNaN(e)) {
                e = Double.POSITIVE_INFINITY;
            }
            if (e > worst) {
                worst = e;
                at = p;
                wantAt = want;
            }
        }
        String where = layout.describe(at);
        if (sides[at] != null) {
            where += " (" + sides[at].length + " sample(s) at a ReLU kink, each judged on either side)";
        } else if (kink[at]) {
            where += " (step shrunk to stay clear of a ReLU kink)";
        }
        return new Discrepancy(what + " vs finite differences", true, worst, Tolerances.FINITE_DIFFERENCE_THRESHOLD,
                -1, -1, g[at], wantAt, where + ", " + kinks() + " kink coordinate(s)");
    }
}
