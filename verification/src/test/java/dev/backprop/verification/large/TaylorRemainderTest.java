package dev.backprop.verification.large;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.LargeModelChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.large.TaylorResult.Point;
import dev.backprop.verification.large.TaylorResult.Verdict;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.Tolerances;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Taylor-remainder test: order about 2 for right gradients (tanh, ReLU, softmax cross-entropy, on the
 * (784, 512, 10) models), about 1 for wrong ones, and "not decisive" where the remainder is pure rounding — never a
 * pass dressed as one. Planted faults on large models are in {@link LargeModelPlantedBugsTest}.
 */
class TaylorRemainderTest {
    static final long DIRECTION = 7L;
    static final int EXAMPLES = 40;

    static TaylorResult test(DeepCase c, DeepGradient g) {
        return TaylorRemainder.test(c.network(), c.batch(), c.objective(), g, DIRECTION);
    }

    static DeepGradient optimized(DeepCase c) {
        return new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
    }

    @Test
    void rightGradientsShrinkAsHSquared() {
        for (DeepCase c : List.of(LargeModels.TANH_784, LargeModels.RELU_784, LargeModels.RELU_CE_784)) {
            TaylorResult t = test(c, optimized(c));
            System.out.println(c.recipe() + ": " + t.describe());
            assertEquals(Verdict.CONSISTENT, t.verdict(), () -> t.describe() + "\n" + t.table());
            assertTrue(Math.abs(t.order() - 2) <= 0.5, () -> "order " + t.order() + "\n" + t.table());
            assertEquals(Tolerances.TAYLOR_HALVINGS + 1, t.points().size());
            for (int k = 1; k < t.points().size(); k++) {
                assertEquals(t.points().get(k - 1).h() / 2, t.points().get(k).h());
            }
            assertEquals(Tolerances.TAYLOR_FIRST_STEP, t.points().get(0).h());
            Point upper = t.points().get(t.pair() - 1);
            Point judged = t.points().get(t.pair());
            Point half = t.points().get(t.pair() + 1);
            assertTrue(upper.clear() && judged.clear() && half.clear(), t::table);
            for (Point p : t.points()) {
                assertEquals(p.remainder() > Tolerances.TAYLOR_NOISE_MULTIPLE * p.noise(), p.clear(), t::table);
                assertEquals(Math.abs(p.signedRemainder()), p.remainder(), t::table);
            }
            // the rule takes the smallest three clear steps: no three consecutive steps below them are clear
            for (int k = t.pair() + 2; k < t.points().size(); k++) {
                int at = k;
                assertTrue(!(t.points().get(at - 2).clear() && t.points().get(at - 1).clear()
                        && t.points().get(at).clear()), t::table);
            }
        }
    }

    /**
     * ReLU kinks are met at steps clear of noise: on the (784, 512, 10) ReLU cross-entropy model units cross their
     * kink at every step from h₀ down to about 2⁻¹⁷. The held loss keeps the remainder quadratic at all of them
     * (order 2 within the noise rule's 0.415 at every clear pair), while ℓ's own remainder is off the quadratic there,
     * by the kinks alone; below the last crossing the two are the same number.
     */
    @Test
    void kinksAreCrossedAtStepsClearOfNoiseAndHeld() {
        DeepCase c = LargeModels.RELU_CE_784;
        TaylorResult t = test(c, optimized(c));
        System.out.print(t.table());
        assertEquals(Verdict.CONSISTENT, t.verdict(), t::describe);
        int crossingPairs = 0;
        double worstUnheld = 0.0;
        for (int k = 0; k + 1 < t.points().size(); k++) {
            Point a = t.points().get(k);
            Point b = t.points().get(k + 1);
            if (!(a.clear() && b.clear() && a.kinksCrossed() > 0 && b.kinksCrossed() > 0)) {
                continue;
            }
            crossingPairs++;
            double held = Math.log(a.remainder() / b.remainder()) / Math.log(2);
            double unheld = Math.log(a.unheldRemainder() / b.unheldRemainder()) / Math.log(2);
            assertTrue(Math.abs(held - 2) <= 0.415, () -> "held order " + held + " at h=" + a.h() + "\n" + t.table());
            worstUnheld = Math.max(worstUnheld, Math.abs(unheld - 2));
        }
        System.out.println(crossingPairs + " clear pairs with kinks crossed; ℓ's own order off 2 by up to "
                + worstUnheld);
        assertTrue(crossingPairs >= 8, t::table);
        assertTrue(worstUnheld > 0.415, t::table);
        // the smallest steps cross nothing: there the held loss is ℓ itself, bit for bit
        Point last = t.points().get(t.points().size() - 1);
        assertEquals(0, last.kinksCrossed());
        assertEquals(last.remainder(), last.unheldRemainder());
    }

    /** The gate's first direction for a case (LargeModelChecks' seed of its recipe). */
    static long firstDirection(DeepCase c) {
        return c.recipe().hashCode() * 0x9E3779B97F4A7C15L;
    }

    /**
     * Regression: a right gradient called wrong. The gate's Taylor check at its default seed failed
     * OptimizedDeepBackprop on this case with "observed order 0.301 at h=0.000488 and 0.000244". The remainder there
     * is no rounding: in 45-digit arithmetic it is +3.169496·10⁻⁷ at h = 2⁻¹⁰ and −2.221278·10⁻⁸ at 2⁻¹¹, −0.510·h²
     * for small h — it changes sign in between, its cubic term 1,700 times its quadratic one per unit h. The old
     * rounding bound of two evaluations of ℓ, 4.7·10⁻¹⁰ at every step (the real rounding is near 10⁻¹⁴), made 2⁻¹¹
     * and 2⁻¹² the smallest pair clear of noise, just below that zero. The increment's bound is O(h), the steps
     * judged are far below the zero, and the order is 2.
     */
    @Test
    void aRemainderNearItsZeroIsNotReadAsAWrongGradient() {
        DeepCase c = Generators.deepCase(new int[] {32, 32, 32, 2}, List.of(Activation.TANH, Activation.LEAKY_RELU),
                new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), 32, 2.0, Generators.Targets.SOFT, 0L);
        assertEquals("L=3 widths=32,32,32,2 act=tanh,leaky_relu loss=softmax_cross_entropy reduction=mean B=32 "
                + "scale=2.0 target=soft seed=0", c.recipe());
        TaylorResult t = TaylorRemainder.test(c.network(), c.batch(), c.objective(), optimized(c), firstDirection(c));
        System.out.println(c.recipe() + ": " + t.describe());
        assertEquals(Verdict.CONSISTENT, t.verdict(), () -> t.describe() + "\n" + t.table());
        assertTrue(Math.abs(t.order() - 2) <= 0.415, t::table);
        Point before = t.points().get(6);
        Point after = t.points().get(7);
        assertEquals(0x1p-10, before.h());
        assertEquals(3.169496e-7, before.signedRemainder(), 1e-12, t::table);
        assertEquals(-2.221278e-8, after.signedRemainder(), 1e-13, t::table);
        assertTrue(before.clear() && after.clear(), t::table);
        assertTrue(t.points().get(t.pair()).h() <= 0x1p-16, t::table);
        // the gate's check as it ran, on this case and on the run that reported it (its 10 cases at the default seed)
        Observation o = taylorCheck(c);
        assertTrue(o.passed(), o::evidence);
        PropertyResult run = PropertyRun.run("large: Taylor remainder order", Generators.largeDeepCases(), 10,
                PropertyRun.DEFAULT_SEED, TaylorRemainderTest::taylorCheck);
        assertTrue(run.passed(), run::report);
        assertEquals(10, run.cases(), run::report);
    }

    /** The gate's Taylor check ({@code DeepCheck.LARGE_TAYLOR}) on the optimized gradient. */
    static Observation taylorCheck(DeepCase c) {
        return LargeModelChecks.taylor(new OptimizedDeepBackprop(), c);
    }

    /**
     * Regression: saturated units at entry scale 10. The gradient's rounding allowance A = h·ε·K·Σ G_i|v_i| (gauges
     * carrying z's rounding through saturated tanh and logistic units) is hundreds of times the rounding of r, and
     * 0.25 of h|⟨g, v⟩| itself: counted as noise it left only steps past the scale on which the units saturate clear
     * (h ≥ 2⁻¹⁰, where r stalls near 340, order 0: "inconsistent"). The remainder is h² from 2⁻¹⁴ down; an order of 2
     * needs no allowance, a linear term within it is not decisive, and a gradient wrong beyond it is still caught.
     */
    @Test
    void theGradientsAllowanceIsNotNoise() {
        DeepCase c = Generators.deepCase(new int[] {64, 64, 62, 55, 10},
                List.of(Activation.LEAKY_RELU, Activation.TANH, Activation.SIGMOID),
                new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.SUM), 32, 10.0, Generators.Targets.RANDOM,
                4611686018427387903L);
        TaylorResult t = TaylorRemainder.test(c.network(), c.batch(), c.objective(), optimized(c), firstDirection(c));
        System.out.println(c.recipe() + ": " + t.describe());
        assertEquals(Verdict.CONSISTENT, t.verdict(), () -> t.describe() + "\n" + t.table());
        Point judged = t.points().get(t.pair());
        // with the global max|σ''| in the σ' gauges the allowance was 10⁴ times the rounding of r here; with the
        // local bound (DeepGauges.curvatureOverSlope) about 650 times: still what would keep every step unclear
        assertTrue(judged.allowance() > 1e2 * judged.noise(), t::table);
        assertTrue(judged.remainder() < Tolerances.TAYLOR_NOISE_MULTIPLE * judged.allowance(), t::table);
        DeepGradient wrong = LargeModels.replace(optimized(c), c.network().depth(), false,
                m -> Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> -m.get(i, j)));
        TaylorResult w = TaylorRemainder.test(c.network(), c.batch(), c.objective(), wrong, firstDirection(c));
        System.out.println("−∂ℓ/∂W_L: " + w.describe());
        assertEquals(Verdict.INCONSISTENT, w.verdict(), w::table);
    }

    /**
     * The rule on the model r = |e·h + c₂h²(1 − h/h*)| with noise N = c₁h: for e = 0 (a right gradient whose remainder
     * has a zero at h*) it never says "inconsistent", wherever h* falls on the grid and however loose N is — while
     * the rule of one pair, the smallest clear one, does in a band of h* just above it (the failure of the
     * regression above), and a zero just above the last steps of the grid, where no smaller steps can take over, is
     * kept out by {@link Tolerances#TAYLOR_LINEAR_ORDER_FLOOR}; for a linear term 16 times N and the allowance it says
     * "inconsistent" at order 1.
     */
    @Test
    void theRuleNeverReadsAZeroOfTheRemainderAsALinearTerm() {
        int pairRuleFailures = 0;
        int models = 0;
        for (double sign : new double[] {1, -1}) {
            for (int e = 2; e <= 44; e++) {
                for (double fraction = 1.0; fraction < 2.0; fraction += 0.125) {
                    double zero = fraction * Math.scalb(1.0, -e);
                    for (double kappa = 1e-6; kappa < 0.5; kappa *= 1.5) {
                        double c1 = kappa * zero / Tolerances.TAYLOR_NOISE_MULTIPLE;
                        List<Point> points = model(0.0, sign, zero, c1, c1);
                        TaylorResult t = TaylorRemainder.judge(points);
                        models++;
                        assertNotEquals(Verdict.INCONSISTENT, t.verdict(), () -> t.describe() + "\n" + t.table());
                        pairRuleFailures += pairRule(points) < Tolerances.TAYLOR_ORDER_BOUNDARY ? 1 : 0;
                        double linear = 16 * 2 * c1 * 1.01;
                        TaylorResult wrong = TaylorRemainder.judge(model(linear, sign, zero, c1, c1));
                        // where the linear term dominates the smallest steps: 64 times the quadratic one at h = 2⁻⁴⁰
                        if (linear > 64 * Math.scalb(Tolerances.TAYLOR_FIRST_STEP, -Tolerances.TAYLOR_HALVINGS)) {
                            assertEquals(Verdict.INCONSISTENT, wrong.verdict(), wrong::table);
                            assertEquals(1.0, wrong.order(), 0.1, wrong::table);
                        }
                    }
                }
            }
        }
        System.out.println(models + " models with a zero: the one-pair rule reads order < 1.5 on " + pairRuleFailures);
        assertTrue(pairRuleFailures > 0, "the model does not exercise the zero");
    }

    /** Points of r = |e·h + c₂h²(1 − h/h*)|, c₂ = ±1, noise c₁h, allowance a·h, on the test's grid. */
    private static List<Point> model(double e, double c2, double zero, double c1, double a) {
        List<Point> points = new java.util.ArrayList<>();
        for (int k = 0; k <= Tolerances.TAYLOR_HALVINGS; k++) {
            double h = Math.scalb(Tolerances.TAYLOR_FIRST_STEP, -k);
            double r = e * h + c2 * h * h * (1 - h / zero);
            double noise = c1 * h;
            boolean clear = Math.abs(r) > Tolerances.TAYLOR_NOISE_MULTIPLE * noise;
            points.add(new Point(h, Math.abs(r), noise, true, clear, 0, 0.0, Math.abs(r), r, a * h));
        }
        return points;
    }

    /** The order of the smallest pair of clear steps (the rule before the confirming step); NaN if none. */
    private static double pairRule(List<Point> points) {
        for (int k = points.size() - 1; k >= 1; k--) {
            if (points.get(k).clear() && points.get(k - 1).clear()) {
                return Math.log(points.get(k - 1).remainder() / points.get(k).remainder()) / Math.log(2);
            }
        }
        return Double.NaN;
    }

    /** A gradient wrong by 1 % everywhere: r ≈ h·0.01·|⟨g, v⟩|, order ≈ 1. */
    @Test
    void aWrongGradientShrinksAsH() {
        DeepCase c = LargeModels.TANH_784;
        DeepGradient g = optimized(c).in(Layout.NUMERATOR);
        DeepParameters layout = DeepParameters.of(c.network());
        double[] flat = layout.flatten(g);
        for (int i = 0; i < flat.length; i++) {
            flat[i] *= 1.01;
        }
        TaylorResult t = test(c, layout.toGradient(flat));
        System.out.println("gradient × 1.01: " + t.describe());
        assertEquals(Verdict.INCONSISTENT, t.verdict(), t::table);
        assertTrue(Math.abs(t.order() - 1) <= 0.5, t::table);
    }

    /**
     * Softmax is invariant under adding one constant to every logit, so along v = (1, …, 1) on b_L (0 elsewhere) ℓ
     * is exactly constant and ⟨∇ℓ, v⟩ = 0: every remainder of a right gradient is rounding, so the order rule cannot
     * decide — every step's remainder is within the noise bound — and the verdict is the bound of the two smallest
     * steps: the linear term within the gradient's rounding allowance, "linear to rounding", consistent (never an
     * order). The same direction with a gradient whose b_L entries are off by 10⁻³ is decided (inconsistent): the
     * setup can tell when there is something to tell.
     */
    @Test
    void aRemainderOfPureRoundingIsNoOrderButBoundsTheLinearTerm() {
        DeepCase c = LargeModels.TANH_784;
        DeepGradient right = optimized(c).in(Layout.NUMERATOR);
        int count = DeepParameters.of(c.network()).count();
        int outputs = c.network().outputSize();
        double[] v = new double[count];
        for (int i = count - outputs; i < count; i++) {
            v[i] = 1.0;
        }
        TaylorResult t = TaylorRemainder.test(c.network(), c.batch(), c.objective(), right, v, 1.0);
        System.out.println("logit shift, right gradient: " + t.describe());
        assertEquals(Verdict.NOT_DECISIVE, TaylorRemainder.judgeOrders(t.points()).verdict(), t::table);
        assertEquals(Verdict.CONSISTENT, t.verdict(), t::table);
        assertTrue(Double.isNaN(t.order()) && t.reason().startsWith("linear to rounding"), t::describe);
        for (Point p : t.points()) {
            assertTrue(p.remainder() <= Tolerances.TAYLOR_NOISE_MULTIPLE * p.noise(), t::table);
        }
        DeepGradient wrong = LargeModels.replace(right, c.network().depth(), true,
                m -> Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> m.get(i, j) + 1e-3));
        TaylorResult decided = TaylorRemainder.test(c.network(), c.batch(), c.objective(), wrong, v, 1.0);
        System.out.println("logit shift, b_L gradient off by 1e-3: " + decided.describe());
        assertEquals(Verdict.INCONSISTENT, decided.verdict(), decided::table);
    }

    /**
     * ℓ exactly constant along v in exact and in floating-point arithmetic: ŷ = W·1 + b with v = (1, −1) keeps
     * W + h + b − h = W + b, every number dyadic so nothing rounds. The right gradient (r, r) gives r(h) = 0 at every
     * step: no order, and never inconsistent (the bound of the smallest steps may call it linear to rounding). A
     * wrong one, (r, r/2), gives r(h) = h·r/2 exactly: inconsistent, order 1 exactly.
     */
    @Test
    void anExactlyConstantLossIsNotDecisiveAndAWrongGradientOnItIsCaught() {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 1, 0.5)), List.of(Vector.of(0.25)), List.of());
        Batch batch = Batch.single(Vector.of(1.0), Vector.of(0.0));
        Objective objective = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM);
        double[] v = {1.0, -1.0};
        DeepGradient right = new DeepGradient(Layout.NUMERATOR, List.of(Matrix.of(1, 1, 0.75)),
                List.of(Matrix.of(1, 1, 0.75)));
        TaylorResult t = TaylorRemainder.test(net, batch, objective, right, v, 1.0);
        assertEquals(Verdict.NOT_DECISIVE, TaylorRemainder.judgeOrders(t.points()).verdict(), t::table);
        assertNotEquals(Verdict.INCONSISTENT, t.verdict(), t::table);
        assertTrue(Double.isNaN(t.order()), t::table);
        assertTrue(t.points().stream().allMatch(p -> p.remainder() == 0.0), t::table);
        DeepGradient wrong = new DeepGradient(Layout.NUMERATOR, List.of(Matrix.of(1, 1, 0.75)),
                List.of(Matrix.of(1, 1, 0.375)));
        TaylorResult w = TaylorRemainder.test(net, batch, objective, wrong, v, 1.0);
        assertEquals(Verdict.INCONSISTENT, w.verdict(), w::table);
        assertEquals(1.0, w.order(), w::table);
    }

    /** A pre-activation exactly on its kink: ℓ has no gradient at θ, so the test declines. */
    @Test
    void aPointOnAKinkIsNotDecisive() {
        DeepCase c = Generators.deepKinkCase(new int[] {4, 5, 3}, List.of(Activation.RELU),
                new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), 3, 1.0, Generators.Targets.RANDOM, 1, 2, 0, 0.0,
                true, 9L);
        TaylorResult t = test(c, optimized(c));
        System.out.println(c.recipe() + ": " + t.describe());
        assertEquals(Verdict.NOT_DECISIVE, t.verdict(), t::table);
        assertTrue(t.reason().contains("within rounding"), t::describe);
    }

    /**
     * Over {@link Generators#largeDeepCases()}: a right gradient is never called inconsistent, and a wrong one (∂ℓ/∂W_L
     * with its sign flipped) never consistent. Saturated cases (entry scale 10, softmax on logits of 10⁴) may be
     * "not decisive" either way — the remainder of an almost linear ℓ is rounding — but most are decided.
     */
    @Test
    void overLargeCasesRightIsNeverInconsistentAndWrongNeverConsistent() {
        Map<Verdict, Integer> right = new EnumMap<>(Verdict.class);
        Map<Verdict, Integer> wrong = new EnumMap<>(Verdict.class);
        PropertyResult r = PropertyRun.run("Taylor on large cases", Generators.largeDeepCases(), EXAMPLES,
                PropertyRun.DEFAULT_SEED, c -> {
                    DeepGradient g = optimized(c).in(Layout.NUMERATOR);
                    TaylorResult good = test(c, g);
                    int depth = c.network().depth();
                    TaylorResult bad = test(c, LargeModels.replace(g, depth, false,
                            m -> Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> -m.get(i, j))));
                    right.merge(good.verdict(), 1, Integer::sum);
                    wrong.merge(bad.verdict(), 1, Integer::sum);
                    if (good.verdict() == Verdict.INCONSISTENT) {
                        return Observation.fail(good.order(), "right gradient: " + good.describe());
                    }
                    if (bad.verdict() == Verdict.CONSISTENT) {
                        return Observation.fail(bad.order(), "wrong gradient: " + bad.describe());
                    }
                    return Observation.pass(0.0);
                });
        System.out.println(r.report() + "; right: " + right + ", wrong: " + wrong);
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
        assertTrue(right.getOrDefault(Verdict.CONSISTENT, 0) >= EXAMPLES / 2, () -> "right: " + right);
        assertTrue(wrong.getOrDefault(Verdict.INCONSISTENT, 0) >= EXAMPLES / 2, () -> "wrong: " + wrong);
    }

    /** The direction: ±RMS of each tensor, reproducible from its seed. */
    @Test
    void theDirectionIsScaledPerTensor() {
        DeepCase c = LargeModels.SQUARE;
        double[] v = TaylorRemainder.direction(c.network(), 3L);
        double[] theta = DeepParameters.of(c.network()).flatten(c.network());
        assertEquals(theta.length, v.length);
        // W1 is 96×128 from index 0, b1 the next 96 entries
        double w1 = rms(theta, 0, 96 * 128);
        double b1 = rms(theta, 96 * 128, 96 * 128 + 96);
        for (int i = 0; i < 96 * 128; i++) {
            assertEquals(w1, Math.abs(v[i]), 1e-13 * w1);
        }
        for (int i = 96 * 128; i < 96 * 128 + 96; i++) {
            assertEquals(b1, Math.abs(v[i]), 1e-13 * b1);
        }
        assertTrue(java.util.Arrays.equals(v, TaylorRemainder.direction(c.network(), 3L)));
    }

    private static double rms(double[] x, int from, int to) {
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
    /**
     * Regression from the false-alarm campaign (seed 1): a right gradient not judged. Softmax cross-entropy over
     * saturated tanh units at entry scale 76: the logits are thousands apart, ℓ is linear along v to 10⁻²⁵ up to a
     * bend near h = 0.01, past which the first three steps are clear but read order 0 (direction 1) or only one step
     * is clear (direction 2): the order rule cannot decide, along any of the three directions. The two smallest
     * steps bound the linear term by 4R(h/2) − R(h) far inside the gradient's rounding allowance: "linear to
     * rounding", consistent. The last layer's gradient doubled still reads order 1 at the smallest steps:
     * inconsistent (1 % off is within 8 times the gradient's rounding allowance here, whose gauge carries
     * max|σ''|·zG of the saturated units).
     */
    @Test
    void aLossLinearToRoundingAlongTheDirectionIsJudgedByItsSmallestSteps() {
        DeepCase c = Generators.deepCase(new int[] {28, 35, 7}, List.of(Activation.TANH),
                new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM), 1, 76.20790100254119,
                Generators.Targets.SOFT, 2514247435852455338L);
        assertEquals("L=2 widths=28,35,7 act=tanh loss=softmax_cross_entropy reduction=sum B=1 "
                + "scale=76.20790100254119 target=soft seed=2514247435852455338", c.recipe());
        DeepGradient g = optimized(c);
        for (int d = 0; d < 3; d++) {
            TaylorResult t = TaylorRemainder.test(c.network(), c.batch(), c.objective(), g, firstDirection(c) + d);
            assertEquals(Verdict.NOT_DECISIVE, TaylorRemainder.judgeOrders(t.points()).verdict(), t::table);
            assertEquals(Verdict.CONSISTENT, t.verdict(), () -> t.describe() + "\n" + t.table());
            assertTrue(Double.isNaN(t.order()) && t.describe().contains("linear to rounding"), t::describe);
            Point big = t.points().get(t.pair());
            assertTrue(TaylorRemainder.linearBound(big, t.points().get(t.pair() + 1)) <= big.allowance(), t::table);
        }
        Observation o = taylorCheck(c);
        assertTrue(o.passed(), o::evidence);
        assertTrue(o.scaledError() < 1, o::toString);
        DeepGradient wrong = LargeModels.replace(g, 2, false,
                m -> Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> 2 * m.get(i, j)));
        TaylorResult w = TaylorRemainder.test(c.network(), c.batch(), c.objective(), wrong, firstDirection(c) + 1);
        assertEquals(Verdict.INCONSISTENT, w.verdict(), () -> w.describe() + "\n" + w.table());
    }
}
