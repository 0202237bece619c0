package dev.backprop.optimized;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The OpenBLAS pass against the EJML pass, entry for entry and exactly. With small integer entries, the identity
 * or ReLU (σ and σ' exact on integers) and ½‖r‖² summed over the batch, every intermediate of both passes is an
 * integer below 2⁵³, so no operation rounds and every summation order gives the same double: any difference is a
 * wrong operand, shape, transposition or stride, not rounding. (The verification module's cross-checks against
 * the reference, forward-mode AD and finite differences judge the whole gradient, tanh included, on either
 * backend; see {@link Backend}.)
 */
class NativeDeepPassTest {

    @Test
    void openBlasLoadsWhereItsNativeCodeShips() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
        // on Linux x86-64 the fallback must not be taken by accident; elsewhere it must be, with a reason
        assertEquals(shipped, NativeBlas.available(), "OpenBLAS: " + NativeBlas.unavailableReason());
        assertEquals(shipped, NativeBlas.unavailableReason() == null);
    }

    @Test
    void bothPassesAgreeExactlyOnIntegerNetworks() {
        int[][] shapes = {
            {1, 1, 1}, {3, 5}, {7, 4, 2}, {5, 9, 6, 3}, {2, 17, 1, 8, 4}, {24, 19, 23, 5}, {1, 30, 1},
        };
        int[] batches = {1, 2, 7, 33};
        SplittableRandom random = new SplittableRandom(20260701L);
        int compared = 0;
        int layers = 0;
        for (int[] widths : shapes) {
            layers += widths.length - 1;
        }
        for (int[] widths : shapes) {
            for (int batchSize : batches) {
                for (Activation activation : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
                    DeepNetwork network = integerNetwork(widths, activation, random);
                    Batch batch = new Batch(integers(widths[0], batchSize, random),
                            integers(widths[widths.length - 1], batchSize, random));
                    Objective objective = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM);

                    DeepWorkspace ejml = new DeepWorkspace(network, batchSize);
                    EjmlDeepPass.forwardAndBackward(network, batch, objective, ejml);
                    DeepWorkspace heap = new DeepWorkspace(network, batchSize);
                    NativeDeepPass.forwardAndBackward(network, batch, objective, heap, new NativeWorkspace(heap));

                    for (int k = 1; k < widths.length; k++) {
                        String where = "widths " + java.util.Arrays.toString(widths) + " B=" + batchSize + " "
                                + activation + " layer " + k;
                        assertArrayEquals(ejml.dW[k].data, heap.dW[k].data, 0.0, "∂ℓ/∂W, " + where);
                        assertArrayEquals(ejml.db[k].data, heap.db[k].data, 0.0, "∂ℓ/∂b, " + where);
                        compared++;
                    }
                }
            }
        }
        assertEquals(2 * batches.length * layers, compared);
    }

    @Test
    void integerCasesExerciseEveryLayer() {
        // guards the test above against comparing zeros: on a nonzero integer case every gradient is nonzero
        SplittableRandom random = new SplittableRandom(3);
        int[] widths = {4, 6, 5, 3};
        DeepNetwork network = integerNetwork(widths, Activation.IDENTITY, random);
        Batch batch = new Batch(integers(4, 5, random), integers(3, 5, random));
        DeepWorkspace heap = new DeepWorkspace(network, 5);
        NativeDeepPass.forwardAndBackward(network, batch, Objective.SEED, heap, new NativeWorkspace(heap));
        for (int k = 1; k < widths.length; k++) {
            double largest = 0.0;
            for (double v : heap.dW[k].data) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest >= 1.0, "layer " + k + ": ∂ℓ/∂W is zero");
        }
    }

    private static DeepNetwork integerNetwork(int[] widths, Activation activation, SplittableRandom random) {
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k < widths.length; k++) {
            weights.add(integers(widths[k], widths[k - 1], random));
            int width = widths[k];
            biases.add(Vector.fromFunction(width, i -> random.nextInt(-3, 4)));
            if (k < widths.length - 1) {
                activations.add(activation);
            }
        }
        return new DeepNetwork(weights, biases, activations);
    }

    /** Entries in −3..3: sums of products over these depths and widths stay far below 2⁵³. */
    private static Matrix integers(int rows, int cols, SplittableRandom random) {
        return Matrix.fromFunction(rows, cols, (i, j) -> random.nextInt(-3, 4));
    }
}
