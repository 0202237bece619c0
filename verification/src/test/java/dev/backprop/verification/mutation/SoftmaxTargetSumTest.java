package dev.backprop.verification.mutation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A probability target is accepted when its sum is 1 only to within rounding ({@link Loss#TARGET_SUM_SLACK} per
 * entry), and the softmax cross-entropy gradient is then the derivative of {@link Loss#value} for that target,
 * g = p Σ_j y_j − y, not p − y (which assumes Σ y = 1) nor p / Σ y − y.
 *
 * <p>y = (¾, ¼ − 2⁻⁵⁰) sums to 1 − 2⁻⁵⁰, inside the slack 2 · 8ε = 2⁻⁴⁸. One linear layer with W_1 = 0 (2×1) and
 * b_1 = 0 gives ŷ = 0 and p = (½, ½) exactly, so g = (½(1 − 2⁻⁵⁰) − ¾, ½(1 − 2⁻⁵⁰) − ¼ + 2⁻⁵⁰)
 * = (−¼ − 2⁻⁵¹, ¼ + 2⁻⁵¹), every number here exact in doubles; with x = (2), ∂ℓ/∂W_1 = x gᵀ = 2g and
 * ∂ℓ/∂b_1 = gᵀ. p − y would give (−¼, ¼ + 2⁻⁵⁰) and p / Σ y − y (−¼ + 2⁻⁵¹, …): both differ in the last bits.
 */
class SoftmaxTargetSumTest {
    private static final double TINY = Math.scalb(1.0, -50);

    static List<DeepBackprop> subjects() {
        return List.of(new ReferenceDeepBackprop(), new OptimizedDeepBackprop());
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void gradientIsExactForATargetSummingToOneWithinRounding(DeepBackprop subject) {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.zeros(2, 1)), List.of(Vector.of(0, 0)), List.of());
        Batch batch = Batch.single(Vector.of(2.0), Vector.of(0.75, 0.25 - TINY));
        DeepGradient g = subject.gradient(net, batch, new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM))
                .in(Layout.NUMERATOR);
        double g0 = -0.25 - TINY / 2;
        double g1 = 0.25 + TINY / 2;
        assertAll(() -> assertEquals(Matrix.of(1, 2, 2 * g0, 2 * g1), g.weight(1), "∂ℓ/∂W1"),
                () -> assertEquals(Matrix.of(1, 2, g0, g1), g.bias(1), "∂ℓ/∂b1"));
    }
}
