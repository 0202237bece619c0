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
 * bound (see {@link Tolerances}): commons-math3's 5-point stencil gives the estimate, the 3-point stencil's
 * distance from it bounds the truncation, and the rounding of ℓ divided by the step bounds the cancellation.
 *
 * <p>ReLU kinks: where a pre-activation z_bi lies within the stencil's reach of 0 (|z_bi| ≤ 2h·|x_bj| for
 * w_ij, ≤ 2h for b_i), ℓ is not differentiable inside the stencil and the centred estimate means nothing.
 * There the coordinate is marked as a kink and an analytic value is judged against the bracket of the two
 * one-sided differences (f(t) − f(t−h))/h and (f(t+h) − f(t))/h, each end widened by a margin: their
 * truncation, estimated as min of the two second differences |f(t±2h) − 2f(t±h) + f(t)|/h (the side that does
 * not cross the kink is the honest one), plus 2·δf/h of rounding. Between the two one-sided differences the
 * scaled error is 0; outside, it is the distance to the nearer one over that margin, so a threshold of 1 accepts
 * exactly the bracket widened by the margin.
 */
public final class FiniteDifferences {
    private final FlatParameters layout;
    private final double[] estimate;
    private final double[] bound;
    private final boolean[] kink;
    private final double[] lower;
    private final double[] upper;
    private final double[] margin;

    private FiniteDifferences(FlatParameters layout, int p) {
        this.layout = layout;
        this.estimate = new double[p];
        this.bound = new double[p];
        this.kink = new boolean[p];
        this.lower = new double[p];
        this.upper = new double[p];
        this.margin = new double[p];
    }

    /** Differentiates ℓ along every parameter of {@code network} for {@code batch}. Nothing is modified. */
    public static FiniteDifferences of(ShallowNetwork network, Batch batch) {
        FlatParameters layout = FlatParameters.of(network);
        double[] theta = layout.flatten(network);
        LossOracle oracle = new LossOracle(layout, network.activation(), batch);
        double rounding = Gauges.of(network, batch).lossRounding();
        FiniteDifferences fd = new FiniteDifferences(layout, theta.length);
        for (int p = 0; p < theta.length; p++) {
            fd.differentiate(p, theta, oracle, rounding, network.activation());
        }
        return fd;
    }

    private void differentiate(int p, double[] theta, LossOracle oracle, double rounding, Activation activation) {
        double t0 = theta[p];
        double h = Tolerances.finiteDifferenceStep(t0);
        double[] work = theta.clone();
        java.util.function.DoubleUnaryOperator f = t -> {
            work[p] = t;
            return oracle.loss(work);
        };
        double d5 = derivative(new FiniteDifferencesDifferentiator(5, h), f, t0);
        double d3 = derivative(new FiniteDifferencesDifferentiator(3, h), f, t0);
        estimate[p] = d5;
        bound[p] = Math.abs(d5 - d3) + 1.5 * rounding / h;
        if (activation == Activation.RELU && nearKink(p, theta, oracle, h)) {
            kink[p] = true;
            double fm2 = f.applyAsDouble(t0 - 2 * h);
            double fm1 = f.applyAsDouble(t0 - h);
            double f0 = f.applyAsDouble(t0);
            double fp1 = f.applyAsDouble(t0 + h);
            double fp2 = f.applyAsDouble(t0 + 2 * h);
            double left = (f0 - fm1) / h;
            double right = (fp1 - f0) / h;
            double curvature = Math.min(Math.abs(f0 - 2 * fm1 + fm2), Math.abs(fp2 - 2 * fp1 + f0)) / h;
            margin[p] = curvature + 2 * rounding / h;
            lower[p] = Math.min(left, right);
            upper[p] = Math.max(left, right);
        }
    }

    private static double derivative(FiniteDifferencesDifferentiator differentiator,
            java.util.function.DoubleUnaryOperator f, double t0) {
        UnivariateDifferentiableFunction df = differentiator.differentiate(f::applyAsDouble);
        return df.value(new DerivativeStructure(1, 1, 0, t0)).getPartialDerivative(1);
    }

    private boolean nearKink(int p, double[] theta, LossOracle oracle, double h) {
        if (!layout.movesHiddenLayer(p)) {
            return false;
        }
        int i = layout.hiddenUnitOf(p);
        int j = layout.inputOf(p);
        for (int b = 0; b < oracle.batch().size(); b++) {
            double reach = 2 * h * (j < 0 ? 1.0 : Math.abs(oracle.batch().inputs().get(j, b)));
            if (Math.abs(oracle.preActivation(theta, b, i)) <= reach) {
                return true;
            }
        }
        return false;
    }

    /** The 5-point estimates arranged as a numerator-layout gradient. */
    public ShallowGradient estimate() {
        return layout.toGradient(estimate.clone());
    }

    /** How many coordinates sat at a ReLU kink. */
    public int kinks() {
        int count = 0;
        for (boolean k : kink) {
            count += k ? 1 : 0;
        }
        return count;
    }

    /**
     * Judges {@code analytic} (any layout) coordinate by coordinate. Away from kinks the scaled error is
     * |g − D5| / (bound + ε·K·gauge); at a kink it is 0 inside the one-sided bracket and the distance outside
     * it over the bracket's margin. The worst coordinate is reported.
     */
    public Discrepancy judge(String what, ShallowGradient analytic, Gauges gauges) {
        double[] g = layout.flatten(analytic);
        double[] gauge = layout.flatten(gauges.gradient());
        double worst = -1;
        int at = 0;
        double wantAt = 0.0;
        for (int p = 0; p < g.length; p++) {
            double own = Tolerances.EPSILON * gauges.k() * gauge[p];
            double e;
            double want = estimate[p];
            if (kink[p]) {
                // outside the one-sided differences, the distance is judged against their own error margin
                // (truncation plus rounding), not against the bracket's width
                want = g[p] < lower[p] ? lower[p] : g[p] > upper[p] ? upper[p] : g[p];
                e = Math.abs(g[p] - want) / (margin[p] + own);
            } else {
                double diff = Math.abs(g[p] - estimate[p]);
                e = diff == 0.0 ? 0.0 : diff / (bound[p] + own);
            }
            if (Double.isNaN(e)) {
                e = Double.POSITIVE_INFINITY;
            }
            if (e > worst) {
                worst = e;
                at = p;
                wantAt = want;
            }
        }
        String where = layout.describe(at) + (kink[at] ? String.format(java.util.Locale.ROOT,
                " (at a ReLU kink: one-sided differences [%.17g, %.17g] ± %.3g)", lower[at], upper[at], margin[at])
                : "");
        return new Discrepancy(what + " vs finite differences", true, worst, Tolerances.FINITE_DIFFERENCE_THRESHOLD,
                -1, -1, g[at], wantAt, where + ", " + kinks() + " kink coordinate(s)");
    }
}
