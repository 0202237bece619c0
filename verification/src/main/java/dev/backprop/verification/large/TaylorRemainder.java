package dev.backprop.verification.large;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.large.TaylorResult.Point;
import dev.backprop.verification.large.TaylorResult.Verdict;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The Taylor-remainder test of a claimed gradient g (DESIGN.md §3), which needs no tolerance on values: along a
 * direction v,
 * <pre>
 *   r(h) = |ℓ(θ + Δ) − ℓ(θ) − ⟨g, Δ⟩|,   Δ = fl(θ + h·v) − θ,   h = h₀·2⁻ᵏ, k = 0..{@link Tolerances#TAYLOR_HALVINGS}
 * </pre>
 * equals |⟨∇ℓ − g, Δ⟩ + ½ΔᵀHΔ + O(h³)|: it shrinks as h² (observed order log₂(r(h)/r(h/2)) → 2) when g = ∇ℓ, and
 * as h (order → 1) when ⟨∇ℓ − g, v⟩ ≠ 0. Δ is the step actually taken — θ + h·v rounded — so the evaluation
 * point is exact and only the linear term carries the step's rounding (relative u per entry).
 *
 * <h2>Direction and steps</h2>
 * v has independent entries ±1 (Rademacher, seeded) times the RMS of θ over the entry's tensor (W_k or b_k; a tensor
 * of zeros takes the RMS of θ, θ = 0 takes 1), so h is a relative change of every tensor, whatever the network's
 * scale; h₀ = {@link Tolerances#TAYLOR_FIRST_STEP}. ℓ is evaluated by {@link DirectionalDerivative#evaluate}'s plain
 * double forward pass (σ's and the loss's definitions).
 *
 * <h2>Kinks</h2>
 * A ReLU unit whose z crosses 0 at h* adds to ℓ(θ + hv) a term linear in h − h*, so along a direction that meets a
 * kink within the steps clear of noise neither order is expected. This is not rare: with 16,384 (sample, unit) pairs
 * in a (784, 512, 10) ReLU network at B = 32, the smallest pair clear of noise (h = 2⁻¹², 2⁻¹³) has units crossed at
 * both steps, and there ℓ's own remainder has order 1.16 — a right gradient would be called wrong
 * ({@code TaylorRemainderTest}). "The smallest pair clear of noise" alone does not keep kinks out. Hence, as for
 * finite differences ({@code DeepLossOracle}), the ℓ judged is the <i>held</i> loss: every unit of a ReLU or leaky
 * ReLU layer kept on the linear piece it is on at θ ({@link DirectionalDerivative.Evaluation#held()}). It is ℓ itself
 * until the first kink (bit for bit), so its gradient at θ is ∇ℓ(θ), and it has no kink anywhere, so its remainder
 * is O(h²) at every h for a right gradient. The remainder of ℓ itself and the kinks crossed are reported per step
 * too ({@link TaylorResult.Point#unheldRemainder()}, {@link TaylorResult.Point#kinksCrossed()}), for the plot.
 *
 * <h2>Noise</h2>
 * Rounding bounds r(h) by N(h) (first order, ε = 2⁻⁵², δℓ(θ) = w·Σ_b {@link DeepGauges#sampleLossRounding} at θ):
 * <pre>
 *   N(h) = δℓ(θ) + δℓ(θ + Δ)                          the two evaluations of ℓ
 *        + ε·(⌈log₂ P⌉ + 2)·Σ|g_i Δ_i|                 ⟨g, Δ⟩: Δ_i and g_i·Δ_i rounded (2u), summed pairwise
 *        + ρ·ε·K·Σ G_i|Δ_i|                            ⟨g − ∇ℓ, Δ⟩ of a g right to rounding (G, K: gauges, ρ: precision)
 *        + ε·(|ℓ(θ + Δ)| + |ℓ(θ)| + |⟨g, Δ⟩|)          the two subtractions
 * </pre>
 * The gradient term makes a g that passes the rounding rule count as right here too: its error is noise, not a
 * wrong gradient. A step is <i>clear of noise</i> when r(h) &gt; {@link Tolerances#TAYLOR_NOISE_MULTIPLE}·N(h), which
 * keeps rounding from moving an observed order by more than 0.415. δℓ(θ + Δ) takes a {@link DeepGauges} pass at
 * θ + Δ (on {@link DirectionalDerivative#heldNetworkAt}, sample by sample, where kinks were crossed), so it is
 * computed only for the steps the rule examines and whose r clears the rest of N already
 * ({@link TaylorResult.Point#noiseComplete()}).
 *
 * <h2>Rule (three outcomes)</h2>
 * Judge by the pair (h, h/2) of smallest h whose two remainders are clear of noise: order ≥
 * {@link Tolerances#TAYLOR_ORDER_BOUNDARY} is {@link Verdict#CONSISTENT}, below is {@link Verdict#INCONSISTENT}.
 * No such pair, or a kinked pre-activation 0 within rounding at θ itself (ℓ has no gradient there, and a correct
 * implementation may take either side), is {@link Verdict#NOT_DECISIVE}: never a pass. The smallest h is taken
 * because a wrong gradient's linear term dominates the remainder only for small h, while the higher-order terms fade
 * there; noise sets how small h can go. What the test cannot see: an error whose projection h·|⟨g − ∇ℓ, v⟩| stays
 * below the curvature term ½h²|vᵀHv| at every step clear of noise — for one entry among P, ⟨e, v⟩ is about 1/P of
 * the first-order change, so small relative errors in one entry of a large model are the projection check's job
 * ({@link ProjectionCheck}).
 */
public final class TaylorRemainder {
    private TaylorRemainder() {
    }

    /** The test along {@link #direction(DeepNetwork, long)}, for a gradient in double precision (ρ = 1). */
    public static TaylorResult test(DeepNetwork network, Batch batch, Objective objective, DeepGradient claimed,
            long seed) {
        return test(network, batch, objective, claimed, direction(network, seed), 1.0);
    }

    /**
     * The test along the direction {@code v} (over θ in {@link DeepParameters} order; the steps are h·v). Nothing is
     * modified.
     *
     * @param claimed       the gradient under test, either layout
     * @param roundingScale ρ ≥ 1, the gradient's unit roundoff over double's (1 float64, 2²⁹ float32)
     */
    public static TaylorResult test(DeepNetwork network, Batch batch, Objective objective, DeepGradient claimed,
            double[] v, double roundingScale) {
        if (!(roundingScale >= 1 && roundingScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a rounding scale is finite and at least 1, got " + roundingScale);
        }
        objective.requireFits(network, batch);
        claimed.requireFits(network);
        DeepParameters layout = DeepParameters.of(network);
        int count = layout.count();
        if (v.length != count) {
            throw new IllegalArgumentException("a direction over θ has " + count + " entries, got " + v.length);
        }
        double[] theta = layout.flatten(network);
        double[] g = layout.flatten(claimed);
        DeepGauges gauges = DeepGauges.of(network, batch, objective);
        double[] gauge = layout.flatten(gauges.gradient());
        DirectionalDerivative oracle = DirectionalDerivative.of(network, batch, objective);
        double loss = oracle.loss();
        double lossRounding = lossRounding(gauges, batch.size());
        int levels = Sums.levels(count);
        double gradientRounding = roundingScale * gauges.k();

        int steps = Tolerances.TAYLOR_HALVINGS + 1;
        double[] h = new double[steps];
        double[] r = new double[steps];
        double[] noise = new double[steps];
        double[] lossAt = new double[steps];
        double[] unheld = new double[steps];
        int[] crossed = new int[steps];
        List<List<Integer>> crossedSamples = new ArrayList<>();
        double[] terms = new double[count];
        double[] gaugeTerms = new double[count];
        double[] at = new double[count];
        for (int k = 0; k < steps; k++) {
            h[k] = Math.scalb(Tolerances.TAYLOR_FIRST_STEP, -k);
            for (int i = 0; i < count; i++) {
                at[i] = theta[i] + h[k] * v[i];
                double delta = at[i] - theta[i];
                terms[i] = g[i] * delta;
                gaugeTerms[i] = gauge[i] * Math.abs(delta);
            }
            double linear = Sums.pairwise(terms);
            DirectionalDerivative.Evaluation e = oracle.evaluate(at);
            lossAt[k] = e.loss();
            crossed[k] = e.kinksCrossed();
            crossedSamples.add(e.samplesCrossed());
            r[k] = Math.abs((e.held() - loss) - linear);
            unheld[k] = Math.abs((e.loss() - loss) - linear);
            noise[k] = lossRounding
                    + Tolerances.EPSILON * (levels + 2) * Sums.absolute(terms)
                    + Tolerances.EPSILON * gradientRounding * Sums.pairwise(gaugeTerms)
                    + Tolerances.EPSILON * (Math.abs(e.held()) + Math.abs(loss) + Math.abs(linear))
                    + (gradientRounding + levels + 2) * count * Double.MIN_VALUE;
        }

        boolean[] complete = new boolean[steps];
        IntPredicate clear = k -> clear(k, r, noise, complete, h, crossedSamples, theta, v, oracle, batch, objective,
                gauges.k());
        int onKink = gauges.roundingKinks();
        int judged = -1;
        // at a rounding kink there is nothing to judge, and no gauge at θ + Δ is spent on it
        for (int k = steps - 1; k >= 1 && judged < 0 && onKink == 0; k--) {
            if (clear.test(k) && clear.test(k - 1)) {
                judged = k - 1;
            }
        }
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            points.add(new Point(h[k], r[k], noise[k], complete[k],
                    complete[k] && r[k] > Tolerances.TAYLOR_NOISE_MULTIPLE * noise[k], crossed[k], lossAt[k],
                    unheld[k]));
        }
        double order = judged < 0 ? Double.NaN : log2(r[judged] / r[judged + 1]);
        if (onKink > 0) {
            return new TaylorResult(Verdict.NOT_DECISIVE, order, judged, points, String.format(Locale.ROOT,
                    "%d kinked pre-activation(s) at θ are 0 within rounding: ℓ has no gradient there to test, and a "
                    + "correct implementation may take either side", onKink));
        }
        if (judged < 0) {
            return new TaylorResult(Verdict.NOT_DECISIVE, order, judged, points, String.format(Locale.ROOT,
                    "no pair of steps from h=%s to %s has both remainders above %s times their rounding bound: the "
                    + "remainder is rounding at every step", h[0], h[steps - 1],
                    Tolerances.TAYLOR_NOISE_MULTIPLE));
        }
        boolean consistent = order >= Tolerances.TAYLOR_ORDER_BOUNDARY;
        return new TaylorResult(consistent ? Verdict.CONSISTENT : Verdict.INCONSISTENT, order, judged, points,
                String.format(Locale.ROOT, "observed order %.3f at h=%.3g and %.3g (the smallest pair clear of noise: "
                        + "r=%.3g and %.3g, %.3g and %.3g times their rounding bounds): %s", order, h[judged],
                        h[judged + 1], r[judged], r[judged + 1], r[judged] / noise[judged],
                        r[judged + 1] / noise[judged + 1], consistent ? "r shrinks as h², as for a right gradient"
                                : "r shrinks as h, the gradient is wrong along v"));
    }

    /**
     * Whether r(h_k) &gt; M·N(h_k), completing N with δℓ(θ + Δ) only when r clears the rest of N already (otherwise it
     * cannot clear the whole). A sample with no kink crossed has held loss ℓ_b itself, bounded by a {@link DeepGauges}
     * pass at θ + Δ; a sample with some crossed, by a pass on its {@link DirectionalDerivative#heldNetworkAt}, its
     * bound scaled from the single-sample K to the batch's K (the batch sum adds B − 1 to it).
     */
    private static boolean clear(int k, double[] r, double[] noise, boolean[] complete, double[] h,
            List<List<Integer>> crossed,
            double[] theta, double[] v, DirectionalDerivative oracle, Batch batch, Objective objective, int kBatch) {
        double multiple = Tolerances.TAYLOR_NOISE_MULTIPLE;
        if (!(r[k] > multiple * noise[k])) {
            return false;
        }
        if (!complete[k]) {
            double[] at = new double[theta.length];
            for (int i = 0; i < at.length; i++) {
                at[i] = theta[i] + h[k] * v[i];
            }
            DeepGauges there = DeepGauges.of(oracle.networkAt(at), batch, objective);
            Objective single = new Objective(objective.loss(), Reduction.SUM);
            double sum = 0.0;
            for (int b = 0; b < batch.size(); b++) {
                if (crossed.get(k).contains(b)) {
                    DeepGauges one = DeepGauges.of(oracle.heldNetworkAt(at, b),
                            Batch.single(batch.input(b), batch.target(b)), single);
                    sum += one.sampleLossRounding(0) * ((double) kBatch / one.k());
                } else {
                    sum += there.sampleLossRounding(b);
                }
            }
            noise[k] += there.weight() * sum;
            complete[k] = true;
        }
        return r[k] > multiple * noise[k];
    }

    /** δℓ = w·Σ_b δℓ_b: the rounding bound of one evaluation of ℓ. */
    private static double lossRounding(DeepGauges gauges, int samples) {
        double sum = 0.0;
        for (int b = 0; b < samples; b++) {
            sum += gauges.sampleLossRounding(b);
        }
        return gauges.weight() * sum;
    }

    /**
     * The test's default direction: entries ±1 drawn from {@code new SplittableRandom(seed)}, each times the RMS of
     * θ over its tensor (W_k or b_k); a tensor of zeros takes the RMS of the whole θ, and θ = 0 takes 1.
     */
    public static double[] direction(DeepNetwork network, long seed) {
        DeepParameters layout = DeepParameters.of(network);
        double[] theta = layout.flatten(network);
        double[] v = ProjectionCheck.rademacher(new SplittableRandom(seed), theta.length);
        double whole = rms(theta, 0, theta.length);
        int at = 0;
        for (int k = 1; k <= network.depth(); k++) {
            int weights = network.width(k) * network.width(k - 1);
            for (int[] range : new int[][] {{at, at + weights}, {at + weights, at + weights + network.width(k)}}) {
                double scale = rms(theta, range[0], range[1]);
                scale = scale > 0 ? scale : whole > 0 ? whole : 1.0;
                for (int i = range[0]; i < range[1]; i++) {
                    v[i] *= scale;
                }
            }
            at += weights + network.width(k);
        }
        return v;
    }

    /** (Σ x_i² / n)^½ over [from, to), scaled by the largest |x_i| so that no square overflows or underflows. */
    private static double rms(double[] x, int from, int to) {
        double max = 0.0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        if (max == 0.0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            double y = x[i] / max;
            sum += y * y;
        }
        return max * Math.sqrt(sum / (to - from));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
