package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One {@link OptimizedDeepBackprop} under {@code auto}, called again and again with shapes that cross
 * {@link Backend#NATIVE_MIN_MULTIPLY_ADDS} both ways, against an instance forced to EJML, exactly: with small
 * integer entries, the identity or ReLU and ½‖r‖² summed, every intermediate is an integer below 2⁵³ (see
 * {@link NativeDeepPassTest}), so any difference is a stale or mismatched workspace, not rounding.
 */
class NativeAcrossCallsTest {
    private final String backend = System.getProperty(Backend.PROPERTY);
    private final SplittableRandom random = new SplittableRandom(20261128L);
    private OptimizedDeepBackprop auto;
    private OptimizedDeepBackprop ejml;

    @BeforeEach
    void twoInstances() {
        System.clearProperty(Backend.PROPERTY);
        auto = new OptimizedDeepBackprop();
        System.setProperty(Backend.PROPERTY, "ejml");
        ejml = new OptimizedDeepBackprop();
        restore();
        assertTrue(NativeBlas.available(), "OpenBLAS: " + NativeBlas.unavailableReason());
    }

    @AfterEach
    void restore() {
        if (backend == null) {
            System.clearProperty(Backend.PROPERTY);
        } else {
            System.setProperty(Backend.PROPERTY, backend);
        }
    }

    @Test
    void oneInstanceAgreesExactlyWithEjmlAcrossShapesOnBothSidesOfTheThreshold() {
        // {widths..., B}; the comment is the pass's multiply-adds, 2·B·n1·n0 + 3·B·Σ_{k≥2} n_k·n_{k−1}
        int[][] sequence = {
            {16, 16, 4, 4},      // 2,816: native
            {16, 16, 4, 4},      // the same shape again, new values: the workspaces reused
            {8, 16, 4, 1},       // 448: EJML
            {16, 16, 4, 4},      // native again
            {16, 16, 4, 9},      // 6,336: native, the batch changed
            {1, 64, 1, 16},      // 5,120: native, input and output widths 1
            {40, 30, 20, 1},     // 4,200: native, B = 1
            {1, 1, 1},           // 2: EJML, every width and B 1
            {24, 19, 23, 5, 7},  // native, three layers
            {16, 16, 4, 9},      // native, back to an earlier shape
        };
        boolean[] expectNative = {true, true, false, true, true, true, true, false, true, true};
        int previous = -1;
        int crossings = 0;
        for (int step = 0; step < sequence.length; step++) {
            int[] widths = Arrays.copyOf(sequence[step], sequence[step].length - 1);
            int batchSize = sequence[step][sequence[step].length - 1];
            boolean nativePass = Backend.multiplyAdds(widths, batchSize) >= Backend.NATIVE_MIN_MULTIPLY_ADDS;
            assertEquals(expectNative[step], nativePass, "step " + step + ": the sequence is not what it says");
            crossings += previous >= 0 && nativePass != expectNative[previous] ? 1 : 0;
            previous = step;
            for (Activation activation : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
                compare("step " + step + " " + Arrays.toString(widths) + " B=" + batchSize + " " + activation,
                        integerNetwork(widths, activation), batchSize, widths);
            }
        }
        assertEquals(4, crossings, "native → EJML → native, twice");
    }

    @Test
    void aFailedNativeAllocationLeavesTheInstanceConsistent() {
        int[] small = {16, 16, 4};
        int[] large = {24, 19, 23, 5};
        DeepNetwork first = integerNetwork(small, Activation.IDENTITY);
        compare("before", first, 4, small);
        // JavaCPP throws OutOfMemoryError when native memory runs out; a RuntimeException stands in for it here,
        // because surefire ends its forked JVM on an OutOfMemoryError
        auto.allocateNative = heap -> {
            throw new IllegalStateException("planted: no native memory");
        };
        DeepNetwork second = integerNetwork(large, Activation.IDENTITY);
        Batch batch = batch(large, 7);
        double[] into = new double[(int) second.parameterCount()];
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> auto.gradientInto(second, batch, Objective.SEED, into));
        assertEquals("planted: no native memory", e.getMessage());
        // the new shape, once native memory can be had, runs on native operands of its own shape, not the old
        auto.allocateNative = NativeWorkspace::new;
        compare("the new shape after the failure", second, 7, large);
        // and the old shape again
        compare("the old shape after the failure", first, 4, small);
        // a failure at a shape whose predecessor ran on EJML leaves no native operands behind either
        int[] tiny = {8, 16, 4};
        compare("a small shape", integerNetwork(tiny, Activation.IDENTITY), 1, tiny);
        auto.allocateNative = heap -> {
            throw new IllegalStateException("planted: no native memory");
        };
        assertThrows(IllegalStateException.class, () -> auto.gradientInto(first, batch(small, 4), Objective.SEED,
                new double[(int) first.parameterCount()]));
        auto.allocateNative = NativeWorkspace::new;
        compare("the native shape after the second failure", first, 4, small);
    }

    /** Both instances' gradients of a fresh integer batch, through both entry points, compared exactly. */
    private void compare(String where, DeepNetwork network, int batchSize, int[] widths) {
        Batch batch = batch(widths, batchSize);
        double[] expected = new double[(int) network.parameterCount()];
        ejml.gradientInto(network, batch, Objective.SEED, expected);
        double[] actual = new double[expected.length];
        auto.gradientInto(network, batch, Objective.SEED, actual);
        assertArrayEquals(expected, actual, 0.0, where);
        assertTrue(Arrays.stream(expected).anyMatch(v -> v != 0.0), where + ": every entry is zero");
        DeepGradient gradient = auto.gradient(network, batch, Objective.SEED);
        DeepGradient expectedGradient = ejml.gradient(network, batch, Objective.SEED);
        for (int k = 1; k <= gradient.depth(); k++) {
            assertEquals(expectedGradient.weight(k), gradient.weight(k), where + ", ∂ℓ/∂W" + k);
            assertEquals(expectedGradient.bias(k), gradient.bias(k), where + ", ∂ℓ/∂b" + k);
        }
    }

    private Batch batch(int[] widths, int batchSize) {
        return new Batch(integers(widths[0], batchSize), integers(widths[widths.length - 1], batchSize));
    }

    private DeepNetwork integerNetwork(int[] widths, Activation activation) {
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k < widths.length; k++) {
            weights.add(integers(widths[k], widths[k - 1]));
            biases.add(Vector.fromFunction(widths[k], i -> random.nextInt(-3, 4)));
            if (k < widths.length - 1) {
                activations.add(activation);
            }
        }
        return new DeepNetwork(weights, biases, activations);
    }

    /** Entries in −3..3: sums of products over these depths and widths stay far below 2⁵³. */
    private Matrix integers(int rows, int cols) {
        return Matrix.fromFunction(rows, cols, (i, j) -> random.nextInt(-3, 4));
    }
}
