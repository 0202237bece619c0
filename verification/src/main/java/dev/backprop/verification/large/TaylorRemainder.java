package dev.backprop.verification.large;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import dev.backprop.verification.large.TaylorResult.Point;
import dev.backprop.verification.large.TaylorResult.Verdict;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Taylor-remainder test of a claimed gradient g (DESIGN.md §3), which needs no tolerance on values: along a
 * direction v,
 * <pre>
 *   r(h) = |D(h) − h⟨g, v⟩|,   D(h) = ℓ(θ + h·v) − ℓ(θ),   h = h₀·2⁻ᵏ, k = 0..{@link Tolerances#TAYLOR_HALVINGS}
 * </pre>
 * equals |h⟨∇ℓ − g, v⟩ + ½h²vᵀHv + O(h³)|: it shrinks as h² (observed order log₂(r(h)/r(h/2)) → 2) when g = ∇ℓ, and
 * as h (order → 1) when ⟨∇ℓ − g, v⟩ ≠ 0. h is a power of two, so the step h·v is exact and ⟨g, h·v⟩ = h·⟨g, v⟩ rounds
 * only in ⟨g, v⟩.
 *
 * <h2>Direction and steps</h2>
 * v has independent entries ±1 (Rademacher, seeded) times the RMS of θ over the entry's tensor (W_k or b_k; a tensor
 * of zeros takes the RMS of θ, θ = 0 takes 1), so h is a relative change of every tensor, whatever the network's
 * scale; h₀ = {@link Tolerances#TAYLOR_FIRST_STEP}.
 *
 * <h2>The increment, not two evaluations</h2>
 * D(h) is computed by {@link LossIncrement}: every layer carries the change of its values (dz, ds), each activation
 * and loss by an increment formula that does not cancel (tanh(z + dz) − tanh(z) = sinh(dz)·sech(z + dz)·sech(z), …),
 * with a running bound on its rounding that is O(ε·h). It used to be ℓ(θ + Δ) − ℓ(θ), two plain evaluations, whose
 * rounding bound δℓ(θ) + δℓ(θ + Δ) is ε·K times the loss's magnitude at every h: a floor that does not shrink.
 * A remainder c·h² clears 8 times such a floor only above h ≈ (8δℓ/c)^½, and there the cubic term of the remainder
 * may still rival the quadratic one. That is what made a right gradient fail: on (32, 32, 32, 2) tanh / leaky-ReLU,
 * softmax cross-entropy on soft targets, mean, entry scale 2 (seed 0, {@code TaylorRemainderTest}), the exact
 * remainder (45-digit arithmetic) is −0.510·h² for small h, but changes sign between h = 2⁻¹⁰ and 2⁻¹¹ (its cubic
 * term is 1,700 times its quadratic one per unit h); the floor, 4.7·10⁻¹⁰ against a real rounding near 10⁻¹⁴, put
 * the smallest pair clear of noise at h = 2⁻¹¹, 2⁻¹² — just below that zero, r = 2.22·10⁻⁸ and 1.80·10⁻⁸, the exact
 * values — and read order 0.30 there: "inconsistent". With the increment the bound is 2.8·10⁻⁸·h, the steps clear of
 * noise reach h = 2⁻²⁰, where the cubic term is 10⁻³ of the quadratic one, and the order read is 1.999. Whatever the
 * network's scale, a bound c₁·h puts the smallest clear step at h ≈ 8c₁/c, a fraction ε·K·(gauge over value) of the
 * scale on which the remainder's terms change, instead of (8δℓ/c)^½.
 *
 * <h2>Kinks</h2>
 * A ReLU unit whose z crosses 0 at h* adds to ℓ(θ + hv) a term linear in h − h*, so along a direction that meets a
 * kink within the steps clear of noise neither order is expected. Hence, as for finite differences
 * ({@code DeepLossOracle}), the ℓ judged is the <i>held</i> loss: every unit of a ReLU or leaky ReLU layer kept on
 * the linear piece it is on at θ (ds = slope·dz). It is ℓ itself until the first kink, so its gradient at θ is
 * ∇ℓ(θ), and it has no kink anywhere, so its remainder is O(h²) at every h for a right gradient. The remainder of ℓ
 * itself and the kinks crossed are reported per step too ({@link TaylorResult.Point#unheldRemainder()},
 * {@link TaylorResult.Point#kinksCrossed()}), for the plot: on the (784, 512, 10) ReLU cross-entropy model units
 * cross at every step from h₀ to 2⁻¹⁷, where ℓ's own remainder is far from h² and the held one is h² throughout.
 *
 * <h2>Noise</h2>
 * Two bounds per step (first order, ε = 2⁻⁵², η = 2⁻¹⁰⁷⁴, P parameters):
 * <pre>
 *   N(h) = E_D(h)                                    D's rounding ({@link LossIncrement}, O(ε·h))
 *        + h·ε·(⌈log₂ P⌉ + 2)·Σ|g_i v_i|              ⟨g, v⟩: g_i·v_i rounded, summed pairwise
 *        + ε·(|D| + h|⟨g, v⟩|)                         the subtraction
 *   A(h) = h·ρ·ε·K·Σ G_i|v_i|                         |⟨g − ∇ℓ, h·v⟩| of a g right to rounding (G, K: DeepGauges,
 *                                                     ρ: the gradient's precision), the rounding rule's allowance
 * </pre>
 * plus their underflow terms (η per operation). N bounds the error of computing r: a step is <i>clear of noise</i>
 * when r(h) &gt; {@link Tolerances#TAYLOR_NOISE_MULTIPLE}·N(h), and then the computed r is within 1/8 of
 * |D(h) − h⟨g, v⟩| exactly, which keeps the observed order within 0.415 of the exact remainder's and the sign of r
 * that of the exact remainder. A is not noise in the computation but the slack of the gradient under test: a linear
 * term up to A is a gradient right to rounding (the projection check allows as much), so it can never make the test
 * call g wrong — but an order near 2 does not need it: it says |⟨g − ∇ℓ, v⟩| is small next to the curvature at those
 * steps, whatever A is. A used to be part of N; at entry scale 10 (saturated tanh and logistic units, whose gauges
 * carry max|σ''|·zG) it is 10⁴ times D's rounding, and counted as noise it kept every step in the quadratic regime
 * from being clear.
 *
 * <h2>Rule (three outcomes)</h2>
 * Take the three consecutive steps 2h, h, h/2 of smallest h whose remainders are all clear of noise. The order at
 * (h, h/2) is the one judged; the order at (2h, h) must fall on the same side of
 * {@link Tolerances#TAYLOR_ORDER_BOUNDARY} and the three remainders must have one sign — a remainder c₂h² + c₃h³ in
 * its asymptotic regime does both, while near a zero of it (the failure above) the sign changes or the two orders
 * part. Then:
 * <ul>
 *   <li>order ≥ {@link Tolerances#TAYLOR_ORDER_BOUNDARY}: {@link Verdict#CONSISTENT};</li>
 *   <li>order below, both orders at least {@link Tolerances#TAYLOR_LINEAR_ORDER_FLOOR} (what a linear term e·h + c·h²
 *       can show, rounding included), and both remainders of the pair above
 *       {@link Tolerances#TAYLOR_NOISE_MULTIPLE}·(N + A): a linear term beyond what rounding of g can explain,
 *       {@link Verdict#INCONSISTENT};</li>
 *   <li>where the above is not decisive, but the two smallest steps of the grid are not clear of noise and the linear
 *       term they bound ({@link #linearBound}) is within the gradient's rounding allowance A: ℓ is linear to
 *       rounding along v at the small steps and g agrees with it, {@link Verdict#CONSISTENT} (order NaN,
 *       {@link TaylorResult#pair()} the smallest pair) — found by the false-alarm campaign on saturated softmax
 *       cross-entropy (entry scale 76, tanh), where ℓ bends within the first steps and is linear to 10⁻²⁵ below;</li>
 *   <li>otherwise — no such three steps, the two orders or signs disagreeing, an order below the floor, a linear term
 *       within the allowance, or a kinked pre-activation 0 within rounding at θ itself (ℓ has no gradient there, and
 *       a correct implementation may take either side) — {@link Verdict#NOT_DECISIVE}: never a pass.</li>
 * </ul>
 * In a model r = c₂h²|1 − h/h*| with a zero at h* and N = c₁h, a step x·h* is clear when c₂h*·x|1 − x| &gt; 8c₁. A
 * false "inconsistent" at the steps 4t, 2t, t (units of h*) needs one sign and both orders below 1.5:
 * log₂(4(1 − 2t)/(1 − t)) &lt; 1.5 gives 2t &gt; 0.453, and 4t &lt; 1. Then x|1 − x| is at most 0.085 at 4t and at
 * least 0.1 at 2t, t and t/2, so those three are clear whenever 4t is, and the rule would have judged them instead:
 * the confirming step rules the zero out in this model, where a pair alone may read any order below 2. Only at the
 * last steps of the grid, with no smaller ones to take over, can three clear steps sit just below a zero; there the
 * upper order, log₂(4(1 − 4t)/(1 − 2t)), is below the floor whenever the judged one is below 1.5 (t &gt; 0.227 against
 * t ≤ 0.192), so the floor keeps that case out (TaylorRemainderTest sweeps the model over the grid). The smallest
 * h is taken because a wrong gradient's linear term dominates the remainder only for small h, while the
 * higher-order terms fade there; noise sets how small h can go. What the test cannot see: an error whose projection
 * h·|⟨g − ∇ℓ, v⟩| stays below the curvature term ½h²|vᵀHv| at every step clear of noise — for one entry among P,
 * ⟨e, v⟩ is about 1/P of the first-order change, so small relative errors in one entry of a large model are the
 * projection check's job ({@link ProjectionCheck}) — nor, as said, one within A.
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
        double[] g = layout.flatten(claimed);
        DeepGauges gauges = DeepGauges.of(network, batch, objective);
        double[] gauge = layout.flatten(gauges.gradient());
        LossIncrement increments = LossIncrement.of(network, batch, objective);
        LossIncrement.Along along = increments.along(v);
        double loss = increments.loss();
        int levels = Sums.levels(count);
        double gradientRounding = roundingScale * gauges.k();

        // ⟨g, h·v⟩ = h·⟨g, v⟩: h is a power of two, so only ⟨g, v⟩ rounds, once for every step
        double[] terms = new double[count];
        double[] gaugeTerms = new double[count];
        double[] magnitudes = new double[count];
        for (int i = 0; i < count; i++) {
            terms[i] = g[i] * v[i];
            gaugeTerms[i] = gauge[i] * Math.abs(v[i]);
            magnitudes[i] = Math.abs(v[i]);
        }
        double slope = Sums.pairwise(terms);
        // per unit of h: ⟨g, v⟩'s rounding (products and pairwise sum, and their underflow)
        double linearRounding = Tolerances.EPSILON * (levels + 2) * Sums.absolute(terms)
                + (levels + 2) * count * Double.MIN_VALUE;
        // per unit of h: |⟨g − ∇ℓ, v⟩| of a g right to rounding, ρ·ε·K·Σ G_i|v_i| + ρ·K·η·Σ|v_i|
        double allowance = Tolerances.EPSILON * gradientRounding * Sums.pairwise(gaugeTerms)
                + gradientRounding * Sums.pairwise(magnitudes) * Double.MIN_VALUE;

        int steps = Tolerances.TAYLOR_HALVINGS + 1;
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            double h = Math.scalb(Tolerances.TAYLOR_FIRST_STEP, -k);
            double linear = h * slope;
            LossIncrement.Step step = along.at(h);
            double signed = step.held() - linear;
            double noise = step.bound() + h * linearRounding
                    + Tolerances.EPSILON * (Math.abs(step.held()) + Math.abs(linear)) + Double.MIN_VALUE;
            points.add(new Point(h, Math.abs(signed), noise, true, Math.abs(signed) > Tolerances.TAYLOR_NOISE_MULTIPLE
                    * noise, step.kinksCrossed(), loss + step.unheld(), Math.abs(step.unheld() - linear), signed,
                    h * allowance));
        }
        int onKink = gauges.roundingKinks();
        if (onKink > 0) {
            return new TaylorResult(Verdict.NOT_DECISIVE, Double.NaN, -1, points, String.format(Locale.ROOT,
                    "%d kinked pre-activation(s) at θ are 0 within rounding: ℓ has no gradient there to test, and a "
                    + "correct implementation may take either side", onKink));
        }
        return judge(points);
    }

    /**
     * The rule of the class comment, on the points of one direction: the order rule ({@link #judgeOrders}), and where
     * it is not decisive, the bound of the two smallest steps ({@link #linearBound}).
     */
    static TaylorResult judge(List<Point> points) {
        TaylorResult byOrder = judgeOrders(points);
        int steps = points.size();
        if (byOrder.verdict() != Verdict.NOT_DECISIVE || steps < 2) {
            return byOrder;
        }
        Point big = points.get(steps - 2);
        Point small = points.get(steps - 1);
        double bound = linearBound(big, small);
        if (big.clear() || small.clear() || !(bound <= big.allowance())) {
            return byOrder;
        }
        return new TaylorResult(Verdict.CONSISTENT, Double.NaN, steps - 2, points, String.format(Locale.ROOT,
                "linear to rounding: the orders do not decide (%s), but at the two smallest steps, h=%.3g and %.3g, "
                + "the remainders are rounding (r=%.3g and %.3g, not above %s times N=%.3g and %.3g), so "
                + "4R(h/2) − R(h) bounds |⟨g − ∇ℓ, h·v⟩| by %.3g, within the gradient's rounding allowance %.3g "
                + "(%.3g of it)", byOrder.reason(), big.h(), small.h(), big.remainder(), small.remainder(),
                Tolerances.TAYLOR_NOISE_MULTIPLE, big.noise(), small.noise(), bound, big.allowance(),
                bound / big.allowance()));
    }

    /** The order rule alone: three consecutive clear steps, two orders on one side, one sign. */
    static TaylorResult judgeOrders(List<Point> points) {
        int steps = points.size();
        // the smallest three consecutive steps clear of noise: (h, h/2) is judged, (2h, h) confirms it
        int judged = -1;
        for (int k = steps - 1; k >= 2 && judged < 0; k--) {
            if (points.get(k).clear() && points.get(k - 1).clear() && points.get(k - 2).clear()) {
                judged = k - 1;
            }
        }
        if (judged < 0) {
            return new TaylorResult(Verdict.NOT_DECISIVE, Double.NaN, -1, points, String.format(Locale.ROOT,
                    "no three consecutive steps from h=%s to %s have remainders above %s times their rounding "
                    + "bounds: the remainder is rounding, or clear of it only at scattered steps",
                    points.get(0).h(), points.get(steps - 1).h(), Tolerances.TAYLOR_NOISE_MULTIPLE));
        }
        Point upper = points.get(judged - 1);
        Point first = points.get(judged);
        Point second = points.get(judged + 1);
        double order = log2(first.remainder() / second.remainder());
        double above = log2(upper.remainder() / first.remainder());
        boolean consistent = order >= Tolerances.TAYLOR_ORDER_BOUNDARY;
        boolean sameSign = Math.signum(upper.signedRemainder()) == Math.signum(first.signedRemainder())
                && Math.signum(first.signedRemainder()) == Math.signum(second.signedRemainder());
        String steps3 = String.format(Locale.ROOT, "h=%.3g, %.3g and %.3g", upper.h(), first.h(), second.h());
        if (!sameSign || consistent != (above >= Tolerances.TAYLOR_ORDER_BOUNDARY)) {
            return new TaylorResult(Verdict.NOT_DECISIVE, order, judged, points, String.format(Locale.ROOT,
                    "the smallest steps clear of noise, %s, are not asymptotic: %s (orders %.3f and %.3f): the "
                    + "remainder changes regime there, as it does near a zero of its leading terms", steps3,
                    sameSign ? "the two orders fall on either side of " + Tolerances.TAYLOR_ORDER_BOUNDARY
                            : "the remainder changes sign", above, order));
        }
        String evidence = String.format(Locale.ROOT, "observed order %.3f at h=%.3g and %.3g, %.3f at h=%.3g and "
                + "%.3g (the smallest steps clear of noise: r=%.3g, %.3g and %.3g, %.3g, %.3g and %.3g times their "
                + "rounding bounds)", order, first.h(), second.h(), above, upper.h(), first.h(), upper.remainder(),
                first.remainder(), second.remainder(), upper.remainder() / upper.noise(),
                first.remainder() / first.noise(), second.remainder() / second.noise());
        if (consistent) {
            return new TaylorResult(Verdict.CONSISTENT, order, judged, points,
                    evidence + ": r shrinks as h², as for a right gradient");
        }
        if (Math.min(order, above) < Tolerances.TAYLOR_LINEAR_ORDER_FLOOR) {
            return new TaylorResult(Verdict.NOT_DECISIVE, order, judged, points, String.format(Locale.ROOT,
                    "%s: an order below %.3f is not a linear term (orders of e·h + c·h² lie in [1, 2], rounding moves "
                    + "them by 0.415 at most) but a remainder near a zero of its leading terms", evidence,
                    Tolerances.TAYLOR_LINEAR_ORDER_FLOOR));
        }
        // a linear term: a wrong gradient only if it exceeds what a gradient right to rounding may add
        double multiple = Tolerances.TAYLOR_NOISE_MULTIPLE;
        if (!(first.remainder() > multiple * (first.noise() + first.allowance())
                && second.remainder() > multiple * (second.noise() + second.allowance()))) {
            return new TaylorResult(Verdict.NOT_DECISIVE, order, judged, points, String.format(Locale.ROOT,
                    "%s: r shrinks as h, but by a linear term within %s times what a gradient right to rounding may "
                    + "add (h·ρεKΣG|v| = %.3g and %.3g): g is not wrong beyond rounding along v", evidence, multiple,
                    first.allowance(), second.allowance()));
        }
        return new TaylorResult(Verdict.INCONSISTENT, order, judged, points, String.format(Locale.ROOT,
                "%s, %.3g and %.3g times their rounding bounds with the gradient's rounding allowance: r shrinks as "
                + "h, the gradient is wrong along v", evidence, first.remainder() / (first.noise()
                        + first.allowance()), second.remainder() / (second.noise() + second.allowance())));
    }

    /**
     * A bound on the linear term |⟨g − ∇ℓ, h·v⟩| from two steps h ({@code big}) and h/2 ({@code small}) whose
     * remainders are rounding: for R = e·h + c·h² + O(h³) (e = ⟨∇ℓ − g, v⟩), 4R(h/2) − R(h) = e·h + O(h³) — the
     * quadratic term cancels (Richardson) — and the exact remainder is within the computed one's rounding,
     * |R| ≤ r + N (at a step not clear of noise at most (M + 1)·N, M = {@link Tolerances#TAYLOR_NOISE_MULTIPLE});
     * so |e|·h ≤ 4·(r + N)(h/2) + (r + N)(h), the cubic term neglected at
     * the grid's smallest steps (2⁻³⁹, 2⁻⁴⁰ relative), where it is below rounding for any loss that bends on a
     * scale above 10⁻⁸ of θ. This is what the test can say where ℓ is linear to rounding along v at the small steps
     * (saturated softmax, or units whose curvature is e^(−100) and less, with a bend the first steps already cross):
     * a right gradient shows no clear step there. e is one number for every h, so |e|·h within the allowance A(h) at
     * h is within it at every step: a larger step's order below 1.5 is then the bend, not g, and a gradient wrong
     * beyond A would have shown a linear term clear of noise at the smallest steps (|e|·h &gt; A ≥ 5N there). Where
     * N itself exceeds A (ℓ flat to rounding along v: saturated softmax on its right class, ℓ ≈ 0 and ∇ℓ ≈ 0) the
     * bound cannot place e within A, and the test stays not decisive.
     */
    public static double linearBound(Point big, Point small) {
        return 4 * (small.remainder() + small.noise()) + big.remainder() + big.noise();
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
