package dev.backprop.verification.generate;

import dev.backprop.spec.Matrix;
import dev.backprop.spec.Vector;
import java.util.SplittableRandom;

/** The values of one {@link Instance}, drawn in order. Not thread-safe; one per check. */
public final class Draw {
    private final int[] dims;
    private final SplittableRandom random;

    Draw(int[] dims, long seed) {
        this.dims = dims;
        this.random = new SplittableRandom(seed);
    }

    /** Dimension number {@code k} of the instance. */
    public int dim(int k) {
        return dims[k];
    }

    /** The next vector of length n, entries uniform in [−1, 1]. */
    public Vector vector(int n) {
        return Generators.vector(random, n, 1.0);
    }

    /** The next rows×cols matrix, entries uniform in [−1, 1]. */
    public Matrix matrix(int rows, int cols) {
        return Generators.matrix(random, rows, cols, 1.0);
    }

    /** The next double, uniform in [−1, 1]. */
    public double scalar() {
        return Generators.entry(random, 1.0);
    }
}
