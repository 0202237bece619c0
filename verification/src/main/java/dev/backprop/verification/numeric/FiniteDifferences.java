package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;

/**
 * Central finite differences of the shallow network's loss along every parameter, each with its own error
 * estimate (see {@link Tolerances}): commons-math3's 5-point stencil gives the estimate, the 3-point stencil's
 * distance from it estimates the truncation, and the rounding of ℓ divided by the step bounds the cancellation.
 *
 * <p>ReLU (and leaky ReLU) kinks are located, not guessed. ℓ = Σ_b ℓ_b, and along a coordinate of W1 or b1 of hidden unit i only
 * sample b's pre-activation z_bi moves, linearly: z_bi(t) = z_bi + (t − θ)·c_b with c_b = x_bj (for w_ij) or 1
 * (for b_i). So each ℓ_b has one kink along the coordinate, at offset −z_bi/c_b, and is quadratic on each side
 * of it (s is piecewise linear in t, r linear in s, ℓ_b quadratic in r). Each sample is differentiated by itself:
 * <ul>
 *   <li>kink farther than {@link Tolerances#KINK_CLEARANCE_STEPS} steps: with the others, by the centred
 *       stencils;</li>
 *   <li>kink nearer, but not at θ: by the second-order one-sided stencil pointing away from it,
 *       ±(−3f(θ) + 4f(θ ± h) − f(θ ± 2h)) / 2h, which stays on one quadratic piece and is exact up to
 *       rounding;</li>
 *   <li>kink at θ (z_bi = 0 within rounding, {@link Gauges#atRoundingKink}): both one-sided stencils, the
 *       side where z_bi &gt; 0 taking σ's slope above 0 (1) and the other its slope below 0 (0 for ReLU, α for leaky ReLU). A correct implementation may take
 *       either, but one per sample for all of the unit's coordinates; {@link #judge} enumerates those choices
 *       unit by unit ({@link Gauges#kinkGroups}) and keeps the one that fits best.</li>
 * </ul>
 */
public final class FiniteDifferences {
    private final FlatParameters layout;
    private final Gauges gauges;
    private final double[] estimate;
    private final double[] bound;
    private final boolean[] kink;
    /** [p][b] = {derivative of ℓ_b with σ'(z_bi) = 0, with σ'(z_bi) = 1} for samples at a kink at θ; else null. */
    private final double[][][] sides;

    private FiniteDifferences(FlatParameters layout, Gauges gauges, int p, int batch) {
        this.layout = layout;
        this.gauges = gauges;
        this.estimate = new double[p];
        this.bound = new double[p];
        this.kink = new boolean[p];
        this.sides = new double[p][batch][];
    }

    /** Differentiates ℓ along every parameter of {@code network} for {@code batch}. Nothing is modified. */
    public static FiniteDifferences of(ShallowNetwork network, Batch batch) {
        FlatParameters layout = FlatParameters.of(network);
        double[] theta = layout.flatten(network);
        LossOracle oracle = new LossOracle(layout, network.activation(), batch);
        FiniteDifferences fd = new FiniteDifferences(layout, Gauges.of(network, batch), theta.length, batch.size());
        for (int p = 0; p < theta.length; p++) {
            fd.differentiate(p, theta, oracle, network.activation());
        }
        return fd;
    }

    private void differentiate(int p, double[] theta, LossOracle oracle, Activation activation) {
        double t0 = theta[p];
        double h = Tolerances.finiteDifferenceStep(t0);
        double rounding = gauges.lossRounding();
        double[] work = theta.clone();
        int batch = oracle.batch().size();
        // direction of the one-sided stencil per sample: 0 centred, ±1 away from a kink, 2 both (kink at θ)
        int[] stencil = new int[batch];
        if (activation.kinked() && layout.movesHiddenLayer(p)) {
            int i = layout.hiddenUnitOf(p);
            int j = layout.inputOf(p);
            for (int b = 0; b < batch; b++) {
                double c = j < 0 ? 1.0 : oracle.batch().inputs().get(j, b);
                if (c == 0.0) {
                    continue;
                }
                if (gauges.atRoundingKink(b, i)) {
                    stencil[b] = 2;
                } else {
                    double offset = -oracle.preActivation(theta, b, i) / c;
                    if (Math.abs(offset) <= Tolerances.KINK_CLEARANCE_STEPS * h) {
                        stencil[b] = offset > 0 ? -1 : 1;
                    }
                }
                kink[p] |= stencil[b] != 0;
            }
        }
        DoubleUnaryOperator rest = t -> {
            work[p] = t;
            double sum = 0.0;
            for (int b = 0; b < batch; b++) {
                sum += stencil[b] == 0 ? oracle.sampleLoss(work, b) : 0.0;
            }
            return sum;
        };
        double d5 = derivative(new FiniteDifferencesDifferentiator(5, h), rest, t0);
        double d3 = derivative(new FiniteDifferencesDifferentiator(3, h), rest, t0);
        estimate[p] = d5;
        bound[p] = Math.abs(d5 - d3) + Tolerances.CENTRED_STENCIL_WEIGHT * rounding / h;
        for (int b = 0; b < batch; b++) {
            if (stencil[b] == 0) {
                continue;
            }
            int sample = b;
            DoubleUnaryOperator lb = t -> {
                work[p] = t;
                return oracle.sampleLoss(work, sample);
            };
            if (stencil[b] == 2) {
                double c = layout.inputOf(p) < 0 ? 1.0 : oracle.batch().inputs().get(layout.inputOf(p), b);
                double left = oneSided(lb, t0, h, -1);
                double right = oneSided(lb, t0, h, 1);
                // z grows with t when c > 0: the right side is then the one where σ' is the slope above 0
                sides[p][b] = c > 0 ? new double[] {left, right} : new double[] {right, left};
            } else {
                estimate[p] += oneSided(lb, t0, h, stencil[b]);
            }
            bound[p] += Tolerances.ONE_SIDED_STENCIL_WEIGHT * rounding / h;
        }
    }

    /** The second-order one-sided derivative on side {@code dir} (±1): exact on a quadratic piece. */
    private static double oneSided(DoubleUnaryOperator f, double t0, double h, int dir) {
        return dir * (-3 * f.applyAsDouble(t0) + 4 * f.applyAsDouble(t0 + dir * h) - f.applyAsDouble(t0 + 2 * dir * h))
                / (2 * h);
    }

    private static double derivative(FiniteDifferencesDifferentiator differentiator, DoubleUnaryOperator f,
            double t0) {
        UnivariateDifferentiableFunction df = differentiator.differentiate(f::applyAsDouble);
        return df.value(new DerivativeStructure(1, 1, 0, t0)).getPartialDerivative(1);
    }

    /**
     * The estimates arranged as a numerator-layout gradient; samples at a kink take the spec's convention
     * σ'(0) = 0.
     */
    public ShallowGradient estimate() {
        double[] e = new double[estimate.length];
        for (int p = 0; p < e.length; p++) {
            e[p] = estimate[p];
            for (double[] side : sides[p]) {
                e[p] += side == null ? 0.0 : side[0];
            }
        }
        return layout.toGradient(e);
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
     * ε·K·gauge of g), D the estimate. For a hidden unit with samples at a kink at θ, D adds each such sample's
     * one-sided derivative for one choice of σ' per group of samples, the same choice for all of the unit's
     * coordinates; the choice with the least worst scaled error over the unit is kept. The worst coordinate is
     * reported.
     */
    public Discrepancy judge(String what, ShallowGradient analytic, Gauges judged) {
        double[] g = layout.flatten(analytic);
        double[] gauge = layout.flatten(judged.gradient());
        double[] want = estimate.clone();
        for (int i = 0; i < layout.h(); i++) {
            List<int[]> groups = gauges.kinkGroups(i);
            if (groups.isEmpty()) {
                continue;
            }
            List<Integer> coordinates = coordinatesOf(i);
            double bestFit = Double.POSITIVE_INFINITY;
            double[] best = null;
            for (int pattern = 0; pattern < 1 << groups.size(); pattern++) {
                double[] candidate = new double[coordinates.size()];
                double fit = 0.0;
                for (int t = 0; t < coordinates.size(); t++) {
                    int p = coordinates.get(t);
                    candidate[t] = estimate[p];
                    for (int q = 0; q < groups.size(); q++) {
                        for (int b : groups.get(q)) {
                            candidate[t] += sides[p][b] == null ? 0.0 : sides[p][b][pattern >> q & 1];
                        }
                    }
                    fit = Math.max(fit, scaled(g[p], candidate[t], p, gauge[p], judged));
                }
                if (best == null || fit < bestFit) {
                    bestFit = fit;
                    best = candidate;
                }
            }
            for (int t = 0; t < coordinates.size(); t++) {
                want[coordinates.get(t)] = best[t];
            }
        }
        double worst = -1;
        int at = 0;
        for (int p = 0; p < g.length; p++) {
            double e = scaled(g[p], want[p], p, gauge[p], judged);
            if (e > worst) {
                worst = e;
                at = p;
            }
        }
        String where = layout.describe(at);
        if (kink[at]) {
            where += " (at or near a ReLU kink: one-sided stencils, σ' chosen per sample)";
        }
        return new Discrepancy(what + " vs finite differences", true, worst, Tolerances.FINITE_DIFFERENCE_THRESHOLD,
                -1, -1, g[at], want[at], String.format(Locale.ROOT, "%s, %d kink coordinate(s)", where, kinks()));
    }

    private double scaled(double got, double want, int p, double gauge, Gauges judged) {
        double diff = Math.abs(got - want);
        double e = diff == 0.0 ? 0.0 : diff / (bound[p] + Tolerances.EPSILON * judged.k() * gauge);
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    /** The coordinates of θ that move hidden unit i: its row of W1 and its entry of b1. */
    private List<Integer> coordinatesOf(int i) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < estimate.length; p++) {
            if (layout.movesHiddenLayer(p) && layout.hiddenUnitOf(p) == i) {
                out.add(p);
            }
        }
        return out;
    }
}
