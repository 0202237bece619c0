package dev.backprop.verification.large;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.large.TaylorResult.Verdict;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.Tolerances;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Wrong gradients of large models are rejected by the projection check and by the Taylor test, each alone. Every
 * fault is planted into the optimized implementation's gradient (or, for σ' omitted, the exact gradient of that
 * mistake by forward-mode AD), and the unmodified gradient of the same model passes both — so the rejection comes
 * from the fault. The Taylor test must call each fault {@link Verdict#INCONSISTENT} (order below 1.5), never merely
 * "not decisive".
 */
class LargeModelPlantedBugsTest {
    static final long SEED = 20211001L;
    static final long DIRECTION = 7L;

    static DeepGradient optimized(DeepCase c) {
        return new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective()).in(Layout.NUMERATOR);
    }

    static ProjectionResult project(DeepCase c, DeepGradient g) {
        return ProjectionCheck.check(c.network(), c.batch(), c.objective(), g, SEED);
    }

    static TaylorResult taylor(DeepCase c, DeepGradient g) {
        return TaylorRemainder.test(c.network(), c.batch(), c.objective(), g, DIRECTION);
    }

    /** The models whose right gradient has passed both checks already: the control runs once per model. */
    private static final Set<String> CONTROLLED = ConcurrentHashMap.newKeySet();

    /** Both checks reject {@code wrong} on {@code c}, and both accept the right gradient there. */
    static void assertBothReject(String fault, DeepCase c, DeepGradient right, DeepGradient wrong) {
        if (!CONTROLLED.contains(c.recipe())) {
            ProjectionResult control = project(c, right);
            TaylorResult controlTaylor = taylor(c, right);
            assertTrue(control.passed(), () -> "control: " + control.describe());
            assertEquals(Verdict.CONSISTENT, controlTaylor.verdict(), () -> "control: " + controlTaylor.describe());
            CONTROLLED.add(c.recipe());
        }
        assertProjectionRejects(fault, c, wrong);
        TaylorResult t = taylor(c, wrong);
        System.out.println(fault + ", Taylor: " + t.describe());
        assertEquals(Verdict.INCONSISTENT, t.verdict(), () -> fault + ": " + t.describe() + "\n" + t.table());
        assertTrue(Math.abs(t.order() - 1) <= 0.5, () -> fault + ": order " + t.order() + " is not about 1");
    }

    static void assertProjectionRejects(String fault, DeepCase c, DeepGradient wrong) {
        ProjectionResult p = project(c, wrong);
        System.out.println(fault + ", projections: " + p.describe());
        assertFalse(p.passed(), () -> fault + ": " + p.describe());
    }

    /**
     * One entry of ∂ℓ/∂W1 — its largest — wrong by a relative 10⁻³ on the (784, 512, 10) tanh model. The projection
     * check must reject it: the error, 10⁻³·|g_j| ≈ 1.8·10⁻⁵, is above 2T (asserted first, so the guarantee
     * applies) and every projection sees it whole. The Taylor test cannot at this size, and is not asked to: along v
     * the error adds L·h to the remainder, L = e_j·v_j ≈ 1.8·10⁻⁵ · 0.14 (v_j = RMS of W1) ≈ 2.5·10⁻⁶, against the
     * curvature term c·h² (c ≈ 1.5, summed over all 407,050 directions). A remainder is clear of noise from
     * h ≈ 8N/L up, and the linear term dominates below h ≈ L/c, so the order can fall below 1.5 only if
     * L &gt; (8·N·c)^½ ≈ 1.4·10⁻⁴ (N ≈ 1.7·10⁻⁹ at the judged steps) — an error about 56 times larger, 6 % of that
     * entry. Measured: order 2.01 instead of 2.00 (printed). On the small model (P = 464) the same relative error is
     * rejected by both checks.
     */
    @Test
    void oneEntryOfW1OffByOnePartInAThousand() {
        DeepCase c = LargeModels.TANH_784;
        DeepGradient right = optimized(c);
        int[] at = LargeModels.largest(right.weight(1));
        double entry = right.weight(1).get(at[0], at[1]);
        DeepGradient wrong = LargeModels.scaleLargest(right, 1, false, 1 + 1e-3);
        ProjectionResult control = project(c, right);
        assertTrue(control.passed(), control::describe);
        assertTrue(1e-3 * Math.abs(entry) > control.detectable(), () -> "the error " + 1e-3 * Math.abs(entry)
                + " is below 2T = " + control.detectable() + ": the guarantee does not apply");
        assertProjectionRejects("W1 entry × (1 + 1e-3) on " + c.recipe(), c, wrong);
        TaylorResult t = taylor(c, wrong);
        System.out.printf(Locale.ROOT, "W1 entry × (1 + 1e-3), Taylor on P = %d (not asserted, see javadoc): %s%n",
                DeepParameters.of(c.network()).count(), t.describe());

        DeepCase small = LargeModels.SMALL;
        DeepGradient smallRight = optimized(small);
        assertBothReject("W1 entry × (1 + 1e-3) on " + small.recipe(), small, smallRight,
                LargeModels.scaleLargest(smallRight, 1, false, 1 + 1e-3));
    }

    /** ∂ℓ/∂W2 of a square layer (96×96) transposed: the shape fits, the values do not. */
    @Test
    void transposedSquareLayer() {
        DeepCase c = LargeModels.SQUARE;
        DeepGradient right = optimized(c);
        assertEquals(right.weight(2).rows(), right.weight(2).cols());
        assertBothReject("∂ℓ/∂W2 transposed on " + c.recipe(), c, right,
                LargeModels.replace(right, 2, false, Matrix::transpose));
    }

    /** The largest entry of ∂ℓ/∂b1 doubled, on the (784, 512, 10) tanh model. */
    @Test
    void oneBiasEntryDoubled() {
        DeepCase c = LargeModels.TANH_784;
        DeepGradient right = optimized(c);
        assertBothReject("∂ℓ/∂b1 largest entry × 2 on " + c.recipe(), c, right,
                LargeModels.scaleLargest(right, 1, true, 2.0));
    }

    /** The sign of one layer's weight gradient flipped, on the (784, 512, 10) ReLU model: once for W1, once for W2. */
    @Test
    void oneLayerWithTheWrongSign() {
        DeepCase c = LargeModels.RELU_784;
        DeepGradient right = optimized(c);
        for (int layer : List.of(1, 2)) {
            assertBothReject("−∂ℓ/∂W" + layer + " on " + c.recipe(), c, right, LargeModels.replace(right, layer, false,
                    m -> Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> -m.get(i, j))));
        }
    }

    /**
     * σ' omitted in one hidden layer: the exact gradient of that mistake is forward-mode AD's with every unit of
     * the layer forced to slope 1 ({@link DeepForwardModeAd#gradient(dev.backprop.spec.DeepNetwork,
     * dev.backprop.spec.Batch, dev.backprop.spec.Objective, double[][][])}), on the small model (P = 464) where the
     * full AD gradient is cheap; once for each of its two hidden layers.
     */
    @Test
    void sigmaPrimeOmittedInOneLayer() {
        DeepCase c = LargeModels.SMALL;
        DeepGradient right = optimized(c);
        for (int layer : List.of(1, 2)) {
            double[][][] slopes = DirectionalDerivative.forcedSlopes(c.network(), c.batch().size(), List.of(), 0);
            for (double[][] sample : slopes) {
                Arrays.fill(sample[layer], 1.0);
            }
            DeepGradient wrong = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective(), slopes);
            assertBothReject("σ' omitted in layer " + layer + " on " + c.recipe(), c, right, wrong);
        }
    }

    /** The projection check rejects each of these with far more than the threshold: evidence, not a near miss. */
    @Test
    void grossFaultsAreRejectedByOrdersOfMagnitude() {
        DeepCase c = LargeModels.RELU_784;
        DeepGradient right = optimized(c);
        ProjectionResult p = project(c, LargeModels.scaleLargest(right, 2, true, 2.0));
        System.out.println("∂ℓ/∂b2 largest entry × 2: " + p.describe());
        assertFalse(p.passed(), p::describe);
        assertEquals(p.projections(), p.failing(), p::describe);
        assertTrue(p.worstScaledError() > 1e3 * Tolerances.ROUNDING_THRESHOLD, p::describe);
    }
}
