package dev.backprop.verification.numeric;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Vector;

/**
 * ℓ_b(θ), the loss of one sample of a deep network, in plain loops over a flat θ: the functions the finite
 * differences differentiate (ℓ = w Σ_b ℓ_b). It shares no code with either implementation under test; it
 * uses σ itself ({@link Activation#value}), never σ', and the spec's definition of the loss
 * ({@link Loss#value}). Each z is summed bias first, as {@link DeepGauges} sums it.
 *
 * <p>Each evaluation also records the activation pattern of the sample: on which side of its kink every
 * pre-activation of a kinked layer lies. Two points with the same pattern are joined by a segment on which
 * ℓ_b is smooth unless some pre-activation crosses 0 and comes back between them, which needs |z| below the
 * segment's curvature term; {@link DeepFiniteDifferences} relies on that.
 */
final class DeepLossOracle {
    private final DeepParameters layout;
    private final DeepNetwork network;
    private final Batch batch;
    private final Loss loss;
    private final double[][] s;
    /** [k][i]: z_ki &gt; 0, for kinked hidden layers k; the pattern of the last evaluation. */
    private final boolean[][] pattern;

    DeepLossOracle(DeepParameters layout, DeepNetwork network, Batch batch, Loss loss) {
        this.layout = layout;
        this.network = network;
        this.batch = batch;
        this.loss = loss;
        int depth = layout.depth();
        s = new double[depth + 1][];
        pattern = new boolean[depth][];
        for (int k = 0; k <= depth; k++) {
            s[k] = new double[layout.width(k)];
        }
        for (int k = 1; k < depth; k++) {
            pattern[k] = new boolean[network.activation(k).kinked() ? layout.width(k) : 0];
        }
    }

    /** ℓ_b(θ) for sample b, unweighted by the reduction. {@code theta} is not modified. */
    double sampleLoss(double[] theta, int b) {
        int depth = layout.depth();
        for (int j = 0; j < layout.width(0); j++) {
            s[0][j] = batch.inputs().get(j, b);
        }
        for (int k = 1; k <= depth; k++) {
            for (int i = 0; i < layout.width(k); i++) {
                double z = theta[layout.bias(k, i)];
                for (int j = 0; j < layout.width(k - 1); j++) {
                    z += theta[layout.weight(k, i, j)] * s[k - 1][j];
                }
                if (k == depth) {
                    s[k][i] = z;
                } else {
                    Activation sigma = network.activation(k);
                    s[k][i] = sigma.value(z);
                    if (sigma.kinked()) {
                        pattern[k][i] = z > 0;
                    }
                }
            }
        }
        double[] out = s[depth];
        return loss.value(Vector.fromFunction(out.length, i -> out[i]), batch.target(b));
    }

    /** A copy of the activation pattern of the last {@link #sampleLoss} call. */
    boolean[][] pattern() {
        boolean[][] copy = new boolean[pattern.length][];
        for (int k = 1; k < pattern.length; k++) {
            copy[k] = pattern[k].clone();
        }
        return copy;
    }

    /** How many units, on layers from {@code from} on, are not on one side in all three patterns. */
    static int differing(boolean[][] a, boolean[][] b, boolean[][] c, int from) {
        int count = 0;
        for (int k = Math.max(1, from); k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                count += a[k][i] == b[k][i] && b[k][i] == c[k][i] ? 0 : 1;
            }
        }
        return count;
    }

    /** True when the last evaluation's pattern equals {@code other} on every layer from {@code from} on. */
    boolean samePattern(boolean[][] other, int from) {
        for (int k = Math.max(1, from); k < pattern.length; k++) {
            if (!java.util.Arrays.equals(pattern[k], other[k])) {
                return false;
            }
        }
        return true;
    }
}
