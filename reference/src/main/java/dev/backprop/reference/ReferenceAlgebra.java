package dev.backprop.reference;

import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;

/**
 * The products of the seed's Section 1, each entry computed from its index formula alone, with an explicit
 * Kronecker delta wherever the formula has one. No method calls another, so a wrong formula shows up in
 * exactly one place. No argument is modified.
 */
public final class ReferenceAlgebra implements SeedAlgebra {

    /**
     * Seed item 5: "If x ∈ R^n, y ∈ R^m, x yᵀ ∈ R^{n×m}: (x yᵀ)_ij = x_i y_j." No argument is modified.
     */
    @Override
    public Matrix outer(Vector x, Vector y) {
        // Item 5: (x yᵀ)_ij = x_i y_j.
        return Matrix.fromFunction(x.size(), y.size(), (i, j) -> x.get(i) * y.get(j));
    }

    /**
     * Seed item 6: "the tensor product of a vector x ∈ R^p with a matrix Y ∈ R^{n×m} ... ∈ R^{p×m×n}, or the
     * shorthand notation (x ⊗ Y)_ijk = x_i y_kj." No argument is modified.
     */
    @Override
    public Tensor3 vectorTensor(Vector x, Matrix y) {
        // Item 6: (x⊗Y)_ijk = x_i y_kj; j runs over Y's m columns and k over its n rows, hence p×m×n.
        return Tensor3.fromFunction(x.size(), y.cols(), y.rows(), (i, j, k) -> x.get(i) * y.get(k, j));
    }

    /**
     * Seed item 7: "The tensor product of a matrix Y ∈ R^{n×m} with a vector x ∈ R^p is given by the
     * m × p × n tensor ... (Y ⊗ x)_ijk = x_j y_ki." No argument is modified.
     */
    @Override
    public Tensor3 tensorVector(Matrix y, Vector x) {
        // Item 7: (Y⊗x)_ijk = x_j y_ki; i runs over Y's m columns and k over its n rows, hence m×p×n.
        return Tensor3.fromFunction(y.cols(), x.size(), y.rows(), (i, j, k) -> x.get(j) * y.get(k, i));
    }

    /**
     * Seed item 7 with Y = I_m: "if Y = I_m ∈ R^{m×m}, the identity matrix, we have I_m ⊗ x ∈ R^{m×p×m}",
     * entry (I_m⊗x)_ijk = x_j δ_ki. Built from δ directly, not through {@link #tensorVector}, so that the two
     * can be checked against each other. No argument is modified.
     *
     * @param m the size of the identity, at least 1
     */
    @Override
    public Tensor3 identityTensor(int m, Vector x) {
        if (m < 1) {
            throw new IllegalArgumentException("identity tensor I_m⊗x: m must be at least 1, got " + m);
        }
        // Item 7 with y_ki = (I_m)_ki = δ_ki: (I_m⊗x)_ijk = x_j δ_ki.
        return Tensor3.fromFunction(m, x.size(), m, (i, j, k) -> Kronecker.delta(k, i, x.get(j)));
    }

    /**
     * The seed's "vector-tensor product" yᵀT (item 7: "y⊤(I_m ⊗ x) = x y⊤"), read as a contraction over T's
     * first index: (yᵀT)_jk = Σ_i y_i T_ijk for y ∈ R^p, T ∈ R^{p×m×n}, giving m×n. No argument is modified.
     *
     * @throws ShapeMismatchException if the length of y is not T's first dimension
     */
    @Override
    public Matrix contractFirst(Vector y, Tensor3 t) {
        ShapeMismatchException.require(y.size() == t.dim1(), "vector·tensor yᵀT", "y has length " + y.shape(),
                "T is " + t.shape(), "the length of y must equal the first dimension of T");
        return Matrix.fromFunction(t.dim2(), t.dim3(), (j, k) -> {
            double sum = 0.0;
            // (yᵀT)_jk = Σ_i y_i T_ijk: the first index of T is the one y is summed against.
            for (int i = 0; i < y.size(); i++) {
                sum += y.get(i) * t.get(i, j, k);
            }
            return sum;
        });
    }

    /**
     * Seed item 8: "the diagonal operator diag(x) = [x_1 ... 0; ...; 0 ... x_n]", entry diag(x)_ij = x_i δ_ij.
     * No argument is modified.
     */
    @Override
    public Matrix diag(Vector x) {
        // Item 8: diag(x)_ij = x_i δ_ij.
        return Matrix.fromFunction(x.size(), x.size(), (i, j) -> Kronecker.delta(i, j, x.get(i)));
    }

    /**
     * Seed item 8: "The element-wise product of two vectors x, y ∈ R^n is given by x ⊙ y = [x_1 y_1; ...;
     * x_n y_n]", entry (x⊙y)_i = x_i y_i. No argument is modified.
     *
     * @throws ShapeMismatchException if x and y have different lengths
     */
    @Override
    public Vector hadamard(Vector x, Vector y) {
        ShapeMismatchException.require(x.size() == y.size(), "element-wise product x⊙y",
                "x has length " + x.shape(), "y has length " + y.shape(), "x and y must have the same length");
        // Item 8: (x⊙y)_i = x_i y_i.
        return Vector.fromFunction(x.size(), i -> x.get(i) * y.get(i));
    }

    /**
     * The matrix product the seed recalls in item 5 ("Recall matrix product"): for A ∈ R^{m×k} and
     * B ∈ R^{k×n}, (AB)_ij = Σ_l a_il b_lj. No argument is modified.
     *
     * @throws ShapeMismatchException if the columns of A are not the rows of B
     */
    @Override
    public Matrix product(Matrix a, Matrix b) {
        ShapeMismatchException.require(a.cols() == b.rows(), "product A·B", "A is " + a.shape(),
                "B is " + b.shape(), "columns of A must equal rows of B");
        return Matrix.fromFunction(a.rows(), b.cols(), (i, j) -> {
            double sum = 0.0;
            // (AB)_ij = Σ_l a_il b_lj.
            for (int l = 0; l < a.cols(); l++) {
                sum += a.get(i, l) * b.get(l, j);
            }
            return sum;
        });
    }
}
