package dev.backprop.verification.numeric;

import dev.backprop.spec.Matrix;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;

/**
 * Entry-wise absolute values. A computation repeated on the magnitudes of its inputs is its rounding gauge
 * (Σ|a||b| for a product, DESIGN.md §4), so every gauge of an algebraic comparison starts here.
 */
public final class Magnitudes {
    private Magnitudes() {
    }

    public static Vector abs(Vector v) {
        return Vector.fromFunction(v.size(), i -> Math.abs(v.get(i)));
    }

    public static Matrix abs(Matrix m) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> Math.abs(m.get(i, j)));
    }

    public static Tensor3 abs(Tensor3 t) {
        return Tensor3.fromFunction(t.dim1(), t.dim2(), t.dim3(), (i, j, k) -> Math.abs(t.get(i, j, k)));
    }
}
