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
            Point judged = t.points().get(t.pair());
            Point half = t.points().get(t.pair() + 1);
            assertTrue(judged.clear() && half.clear(), t::table);
            // the rule takes the smallest clear pair: no pair below it is clear
            for (int k = t.pair() + 1; k + 1 < t.points().size(); k++) {
                Point a = t.points().get(k);
                Point b = t.points().get(k + 1);
                assertTrue(!(a.clear() && b.clear()), t::table);
                assertTrue(b.remainder() <= Tolerances.TAYLOR_NOISE_MULTIPLE * b.noise() || !b.noiseComplete(),
                        t::table);
            }
        }
    }

    /**
     * ReLU kinks are met inside the steps the rule judges: on the (784, 512, 10) ReLU cross-entropy model units cross
     * their kink at the judged pair. The held loss keeps the remainder quadratic there (order ≈ 2, asserted above),
     * while ℓ's own remainder is off the quadratic at that very pair, by the kinks alone.
     */
    @Test
    void kinksAreCrossedWithinTheJudgedStepsAndHeld() {
        DeepCase c = LargeModels.RELU_CE_784;
        TaylorResult t = test(c, optimized(c));
        System.out.print(t.table());
        assertEquals(Verdict.CONSISTENT, t.verdict(), t::describe);
        Point judged = t.points().get(t.pair());
        Point half = t.points().get(t.pair() + 1);
        assertTrue(judged.kinksCrossed() > 0, t::table);
        double heldOrder = t.order();
        double unheldOrder = Math.log(judged.unheldRemainder() / half.unheldRemainder()) / Math.log(2);
        System.out.println("judged pair: held order " + heldOrder + ", ℓ's own order " + unheldOrder);
        assertNotEquals(judged.remainder(), judged.unheldRemainder());
        assertTrue(Math.abs(unheldOrder - 2) > 4 * Math.abs(heldOrder - 2), t::table);
        // the smallest steps cross nothing: there the held loss is ℓ itself, bit for bit
        Point last = t.points().get(t.points().size() - 1);
        assertEquals(0, last.kinksCrossed());
        assertEquals(last.remainder(), last.unheldRemainder());
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
     * is exactly constant and ⟨∇ℓ, v⟩ = 0: every remainder of a right gradient is rounding, and the verdict must be
     * "not decisive" — and every step's remainder within the noise bound. The same direction with a gradient whose
     * b_L entries are off by 10⁻³ is decided (inconsistent): the setup can tell when there is something to tell.
     */
    @Test
    void aRemainderOfPureRoundingIsNotDecisive() {
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
        assertEquals(Verdict.NOT_DECISIVE, t.verdict(), t::table);
        assertTrue(Double.isNaN(t.order()));
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
     * step: not decisive. A wrong one, (r, r/2), gives r(h) = h·r/2 exactly: inconsistent, order 1 exactly.
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
        assertEquals(Verdict.NOT_DECISIVE, t.verdict(), t::table);
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
}
