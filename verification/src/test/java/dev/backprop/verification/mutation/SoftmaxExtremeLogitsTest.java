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
 * Softmax cross-entropy at logits far outside exp's range (|ŷ| = 1000, where e^{±1000} is ∞ or 0 in doubles):
 * the gradient must still be the exact p Σ_j y_j − y, which only a softmax evaluated as e^{ŷ_i − m} / Σ_k e^{ŷ_k − m}
 * with m = max_k ŷ_k delivers (unshifted, or shifted the wrong way, it is ∞/∞ or 0/0 = NaN).
 *
 * <p>The network is one linear layer, W_1 = 0 (2×1) and b_1 = the logits, so ŷ = b_1 for any input; with input
 * x = (2) and ∂ℓ/∂b_1 = g = p Σ y − y, numerator layout gives ∂ℓ/∂W_1 = x gᵀ = 2g (1×2) and ∂ℓ/∂b_1 = gᵀ (1×2).
 * Both cases are exact in doubles: e^0 = 1 and e^{−1000} underflows to 0.
 */
class SoftmaxExtremeLogitsTest {

    static List<DeepBackprop> subjects() {
        return List.of(new ReferenceDeepBackprop(), new OptimizedDeepBackprop());
    }

    /** ŷ = (1000, 0), y = (0, 1): p = (1, e^{−1000}) = (1, 0), so g = p − y = (1, −1). */
    @ParameterizedTest
    @MethodSource("subjects")
    void oneHugeLogitGivesTheExactGradient(DeepBackprop subject) {
        DeepGradient g = gradient(subject, 1000.0, 0.0, 0.0, 1.0);
        assertAll(() -> assertEquals(Matrix.of(1, 2, 2.0, -2.0), g.weight(1), "∂ℓ/∂W1"),
                () -> assertEquals(Matrix.of(1, 2, 1.0, -1.0), g.bias(1), "∂ℓ/∂b1"));
    }

    /** ŷ = (−1000, −1000), y = (1, 0): p = (½, ½), so g = p − y = (−½, ½). */
    @ParameterizedTest
    @MethodSource("subjects")
    void equalVeryNegativeLogitsGiveTheExactGradient(DeepBackprop subject) {
        DeepGradient g = gradient(subject, -1000.0, -1000.0, 1.0, 0.0);
        assertAll(() -> assertEquals(Matrix.of(1, 2, -1.0, 1.0), g.weight(1), "∂ℓ/∂W1"),
                () -> assertEquals(Matrix.of(1, 2, -0.5, 0.5), g.bias(1), "∂ℓ/∂b1"));
    }

    private static DeepGradient gradient(DeepBackprop subject, double logit0, double logit1, double y0, double y1) {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.zeros(2, 1)), List.of(Vector.of(logit0, logit1)), List.of());
        Batch batch = Batch.single(Vector.of(2.0), Vector.of(y0, y1));
        return subject.gradient(net, batch, new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM))
                .in(Layout.NUMERATOR);
    }
}
