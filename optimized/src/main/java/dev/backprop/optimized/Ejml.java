package dev.backprop.optimized;

import dev.backprop.spec.Dimensions;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import org.ejml.data.DMatrixRMaj;

/**
 * Conversions between the spec's immutable values and EJML's row-major {@link DMatrixRMaj}. Package-private:
 * not API.
 *
 * <p>Every method leaves its arguments unchanged, except the {@code copyInto} methods, which overwrite
 * their destination and nothing else. Both sides are row-major, so entry (i, j) of an r×c matrix is
 * {@code data[i*c + j]} on either side, and a p×m×n tensor read as a p×(m·n) matrix has
 * T_ijk at row i, column j·n + k.
 */
final class Ejml {
    private Ejml() {
    }

    /** A new r×c dense matrix, after {@link Dimensions#entries} has accepted its size. */
    static DMatrixRMaj zeros(String what, int rows, int cols) {
        Dimensions.entries(what, rows, cols);
        return new DMatrixRMaj(rows, cols);
    }

    /** A new dense copy of {@code m}. */
    static DMatrixRMaj dense(Matrix m) {
        DMatrixRMaj out = new DMatrixRMaj(m.rows(), m.cols());
        copyInto(m, out);
        return out;
    }

    /** x as a new n×1 dense column. */
    static DMatrixRMaj column(Vector x) {
        DMatrixRMaj out = new DMatrixRMaj(x.size(), 1);
        copyInto(x, out);
        return out;
    }

    /**
     * T ∈ R^{p×m×n} as a new dense p×(m·n) matrix: row i is slice i read row by row, so T_ijk sits at
     * (i, j·n + k).
     */
    static DMatrixRMaj flatten(Tensor3 t) {
        int p = t.dim1();
        int m = t.dim2();
        int n = t.dim3();
        DMatrixRMaj out = new DMatrixRMaj(p, m * n);
        double[] data = out.data;
        int at = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < n; k++) {
                    data[at++] = t.get(i, j, k);
                }
            }
        }
        return out;
    }

    /**
     * Overwrites {@code dst} (already of {@code src}'s shape) with {@code src}. Reads entry by entry, because
     * the spec offers no bulk read that does not allocate a copy.
     */
    static void copyInto(Matrix src, DMatrixRMaj dst) {
        int rows = src.rows();
        int cols = src.cols();
        if (dst.numRows != rows || dst.numCols != cols) {
            throw new IllegalStateException("workspace is " + dst.numRows + "×" + dst.numCols
                    + " but the value copied into it is " + src.shape());
        }
        double[] data = dst.data;
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                data[base + j] = src.get(i, j);
            }
        }
    }

    /** Overwrites {@code dst} (already n×1) with the entries of x. */
    static void copyInto(Vector src, DMatrixRMaj dst) {
        int n = src.size();
        if (dst.getNumElements() != n || dst.numCols != 1) {
            throw new IllegalStateException("workspace is " + dst.numRows + "×" + dst.numCols
                    + " but the vector copied into it has length " + n);
        }
        double[] data = dst.data;
        for (int i = 0; i < n; i++) {
            data[i] = src.get(i);
        }
    }

    /** A new spec matrix with the entries of {@code m}; {@code m} is not kept. */
    static Matrix toMatrix(DMatrixRMaj m) {
        double[] data = m.data;
        int cols = m.numCols;
        return Matrix.fromFunction(m.numRows, cols, (i, j) -> data[i * cols + j]);
    }

    /**
     * The n entries of {@code m} (an n×1 column or a 1×n row) as a new 1×n spec matrix: the seed's layout
     * for a bias gradient ∂ℓ/∂b.
     */
    static Matrix toRow(DMatrixRMaj m) {
        double[] data = m.data;
        return Matrix.fromFunction(1, m.getNumElements(), (i, j) -> data[j]);
    }

    /** The entries of {@code m} (a column or a row) as a new spec vector. */
    static Vector toVector(DMatrixRMaj m) {
        double[] data = m.data;
        return Vector.fromFunction(m.getNumElements(), i -> data[i]);
    }

    /**
     * The p×(m·n) matrix {@code m} read back as a new p×m×n spec tensor: T_ijk = m(i, j·n + k), the
     * inverse of {@link #flatten(Tensor3)}.
     */
    static Tensor3 toTensor(DMatrixRMaj m, int p, int mDim, int n) {
        if (m.getNumElements() != (long) p * mDim * n) {
            throw new IllegalStateException(m.numRows + "×" + m.numCols + " cannot be read as "
                    + p + "×" + mDim + "×" + n);
        }
        double[] data = m.data;
        return Tensor3.fromFunction(p, mDim, n, (i, j, k) -> data[(i * mDim + j) * n + k]);
    }
}
