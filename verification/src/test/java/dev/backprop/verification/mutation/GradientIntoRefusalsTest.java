package dev.backprop.verification.mutation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Vector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimizedDeepBackprop#gradientInto} refuses what {@code gradient} refuses, with the same exception, and
 * a refused call leaves the caller's array exactly as it was (its javadoc: checked before anything is written).
 * The array starts filled with 7.0, a value no gradient below can take, so any write shows.
 *
 * <p>The overflow cases use one linear layer with W_1 = 0, so ŷ = b_1 for every input, and the seed's loss
 * ½‖ŷ − y‖² with y = 0, so g = ŷ = b_1 per sample; in numerator layout ∂ℓ/∂W_1 = Σ_b x_b gᵀ (entry (j, i) is
 * Σ_b x_jb g_i) and ∂ℓ/∂b_1 = Σ_b gᵀ. Doubles overflow past about 1.8·10³⁰⁸.
 */
class GradientIntoRefusalsTest {

    /** A batch whose inputs have 3 rows for a network with d = 2: the same ShapeMismatchException as gradient(). */
    @Test
    void aBatchThatDoesNotFitIsRefusedLikeGradientAndNothingIsWritten() {
        DeepNetwork net = linear(Matrix.zeros(2, 2), Vector.of(1, 1));
        Batch wrong = new Batch(Matrix.zeros(3, 1), Matrix.zeros(2, 1));
        double[] into = sevens(net);
        ShapeMismatchException viaInto = assertThrows(ShapeMismatchException.class,
                () -> new OptimizedDeepBackprop().gradientInto(net, wrong, Objective.SEED, into));
        ShapeMismatchException viaGradient = assertThrows(ShapeMismatchException.class,
                () -> new OptimizedDeepBackprop().gradient(net, wrong, Objective.SEED));
        assertAll(() -> assertEquals(viaGradient.getMessage(), viaInto.getMessage()),
                () -> assertArrayEquals(sevens(net), into));
    }

    /** Softmax targets that are not probability vectors are refused before anything is written. */
    @Test
    void targetsInvalidForTheLossAreRefusedAndNothingIsWritten() {
        DeepNetwork net = linear(Matrix.zeros(2, 1), Vector.of(0, 0));
        Batch notProbabilities = Batch.single(Vector.of(1), Vector.of(0.5, 0.75));
        double[] into = sevens(net);
        Objective softmax = new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM);
        assertThrows(IllegalArgumentException.class,
                () -> new OptimizedDeepBackprop().gradientInto(net, notProbabilities, softmax, into));
        assertArrayEquals(sevens(net), into);
    }

    /** A missing array is named, as every other missing argument is, not met with a NullPointerException. */
    @Test
    void aMissingArrayIsNamed() {
        DeepNetwork net = linear(Matrix.zeros(2, 1), Vector.of(0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OptimizedDeepBackprop()
                .gradientInto(net, Batch.single(Vector.of(1), Vector.of(0, 0)), Objective.SEED, null));
        assertEquals("into is missing", e.getMessage());
    }

    /**
     * d = 2, n = 2, one sample x = (1, 10³⁰⁰), b_1 = g = (10³⁰⁰, 1): ∂ℓ/∂W_1 = x gᵀ = [[10³⁰⁰, 1], [∞, 10³⁰⁰]],
     * its first non-finite entry at (1, 0); ∂ℓ/∂b_1 = (10³⁰⁰, 1) is finite. Both entry points, and the
     * reference, refuse it naming ∂ℓ/∂W1 and (1, 0); gradientInto writes nothing.
     */
    @Test
    void anOverflowingWeightGradientIsRefusedNamingItsEntry() {
        DeepNetwork net = linear(Matrix.zeros(2, 2), Vector.of(1e300, 1));
        Batch batch = Batch.single(Vector.of(1, 1e300), Vector.of(0, 0));
        double[] into = sevens(net);
        NonFiniteValueException viaInto = assertThrows(NonFiniteValueException.class,
                () -> new OptimizedDeepBackprop().gradientInto(net, batch, Objective.SEED, into));
        NonFiniteValueException viaGradient = assertThrows(NonFiniteValueException.class,
                () -> new OptimizedDeepBackprop().gradient(net, batch, Objective.SEED));
        NonFiniteValueException viaReference = assertThrows(NonFiniteValueException.class,
                () -> new ReferenceDeepBackprop().gradient(net, batch, Objective.SEED));
        assertAll(() -> assertNames(viaInto, "∂ℓ/∂W1", "at (1, 0)"),
                () -> assertNames(viaGradient, "∂ℓ/∂W1", "at (1, 0)"),
                () -> assertNames(viaReference, "∂ℓ/∂W1", "at (1, 0)"),
                () -> assertArrayEquals(sevens(net), into));
    }

    /**
     * d = 1, n = 1, two samples x = ¼ with b_1 = g = 1.5·10³⁰⁸: ∂ℓ/∂b_1 = 2 · 1.5·10³⁰⁸ = ∞, while
     * ∂ℓ/∂W_1 = 2 · ¼ · 1.5·10³⁰⁸ = 7.5·10³⁰⁷ is finite. Refused naming ∂ℓ/∂b1; gradientInto writes nothing.
     */
    @Test
    void anOverflowingBiasGradientIsRefusedAndNothingIsWritten() {
        DeepNetwork net = linear(Matrix.zeros(1, 1), Vector.of(1.5e308));
        Batch batch = new Batch(Matrix.of(1, 2, 0.25, 0.25), Matrix.zeros(1, 2));
        double[] into = sevens(net);
        NonFiniteValueException viaInto = assertThrows(NonFiniteValueException.class,
                () -> new OptimizedDeepBackprop().gradientInto(net, batch, Objective.SEED, into));
        NonFiniteValueException viaReference = assertThrows(NonFiniteValueException.class,
                () -> new ReferenceDeepBackprop().gradient(net, batch, Objective.SEED));
        assertAll(() -> assertNames(viaInto, "∂ℓ/∂b1"), () -> assertNames(viaReference, "∂ℓ/∂b1"),
                () -> assertArrayEquals(sevens(net), into));
    }

    private static DeepNetwork linear(Matrix w, Vector b) {
        return new DeepNetwork(List.of(w), List.of(b), List.of());
    }

    private static double[] sevens(DeepNetwork net) {
        double[] a = new double[(int) net.parameterCount()];
        Arrays.fill(a, 7.0);
        return a;
    }

    private static void assertNames(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" not in: " + e.getMessage());
        }
    }
}
