package dev.backprop.optimized;

import dev.backprop.spec.Dimensions;
import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The seed's Section 1 products and Proposition 1's Jacobians, computed with EJML wherever a product is
 * involved.
 *
 * <p>A tensor T ∈ R^{p×m×n} is handled as the p×(m·n) matrix whose row i is slice i read row by row
 * (T_ijk at row i, column j·n + k), the same row-major order as {@link Tensor3} itself. That turns the
 * seed's tensor products into outer and Kronecker products, and its vector·tensor product into a
 * vector·matrix product. The tensors returned are materialised in full; only
 * {@link OptimizedBackprop} promises never to form one.
 *
 * <p>No argument is modified. Operands whose shapes cannot agree are refused with a
 * {@link ShapeMismatchException} naming both; a dimension below 1, or a result of more than 2²⁸ entries, with
 * an {@link IllegalArgumentException}, before anything is allocated. An instance holds no state and may be
 * shared between threads.
 */
public final class OptimizedAlgebra implements SeedAlgebra, LinearLayerJacobians {

    public OptimizedAlgebra() {
    }

    /** Item 5: x yᵀ ∈ R^{n×m}, (x yᵀ)_ij = x_i y_j, as the product of the n×1 column x with the 1×m row yᵀ. */
    @Override
    public Matrix outer(Vector x, Vector y) {
        DMatrixRMaj out = Ejml.zeros("outer product x yᵀ", x.size(), y.size());
        CommonOps_DDRM.multTransB(Ejml.column(x), Ejml.column(y), out);
        return Ejml.toMatrix(out);
    }

    /**
     * Item 6: x⊗Y ∈ R^{p×m×n} for x ∈ R^p, Y ∈ R^{n×m}, (x⊗Y)_ijk = x_i y_kj. Slice i is x_i Yᵀ, so read as a
     * p×(m·n) matrix x⊗Y is the outer product x vec(Yᵀ)ᵀ, with vec(Yᵀ) the entries of Yᵀ row by row:
     * vec(Yᵀ)_{j·n+k} = (Yᵀ)_jk = y_kj.
     */
    @Override
    public Tensor3 vectorTensor(Vector x, Matrix y) {
        int p = x.size();
        int m = y.cols();
        int n = y.rows();
        Dimensions.entries("tensor product x⊗Y", p, m, n);
        DMatrixRMaj out = new DMatrixRMaj(p, m * n);
        DMatrixRMaj yT = CommonOps_DDRM.transpose(Ejml.dense(y), null);
        DMatrixRMaj vecYT = DMatrixRMaj.wrap(1, m * n, yT.data);
        CommonOps_DDRM.mult(Ejml.column(x), vecYT, out);
        return Ejml.toTensor(out, p, m, n);
    }

    /**
     * Item 7: Y⊗x ∈ R^{m×p×n} for Y ∈ R^{n×m}, x ∈ R^p, (Y⊗x)_ijk = x_j y_ki. Read as an (m·p)×n matrix,
     * row i·p + j is x_j times row i of Yᵀ: the Kronecker product Yᵀ ⊗ x of the m×n matrix Yᵀ with the
     * p×1 column x.
     */
    @Override
    public Tensor3 tensorVector(Matrix y, Vector x) {
        int n = y.rows();
        int m = y.cols();
        int p = x.size();
        Dimensions.entries("tensor product Y⊗x", m, p, n);
        DMatrixRMaj yT = CommonOps_DDRM.transpose(Ejml.dense(y), null);
        DMatrixRMaj out = new DMatrixRMaj(m * p, n);
        CommonOps_DDRM.kron(yT, Ejml.column(x), out);
        return Ejml.toTensor(out, m, p, n);
    }

    /**
     * Item 7 with Y = I_m: I_m⊗x ∈ R^{m×p×m}, (I_m⊗x)_ijk = x_j δ_ki. There is no product to form: slice i
     * is zero except its column i, which is x.
     *
     * @throws IllegalArgumentException if m &lt; 1
     */
    @Override
    public Tensor3 identityTensor(int m, Vector x) {
        int p = x.size();
        Dimensions.entries("identity tensor I_m⊗x with m = " + m, m, p, m);
        DMatrixRMaj out = new DMatrixRMaj(m * p, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                out.unsafe_set(i * p + j, i, x.get(j));
            }
        }
        return Ejml.toTensor(out, m, p, m);
    }

    /**
     * The seed's vector·tensor product yᵀT ∈ R^{m×n} for y ∈ R^p, T ∈ R^{p×m×n}:
     * (yᵀT)_jk = Σ_i y_i T_ijk, contraction over T's first index (DESIGN.md §1). With T read as a p×(m·n)
     * matrix this is the 1×(m·n) product yᵀT, whose entries are then read row by row as m×n.
     *
     * @throws ShapeMismatchException if the length of y is not T's first dimension
     */
    @Override
    public Matrix contractFirst(Vector y, Tensor3 t) {
        ShapeMismatchException.require(y.size() == t.dim1(), "vector·tensor product yᵀT",
                "y has length " + y.size(), "T is " + t.shape(), "the length of y must equal the first dimension of T");
        int m = t.dim2();
        int n = t.dim3();
        DMatrixRMaj out = new DMatrixRMaj(1, m * n);
        CommonOps_DDRM.multTransA(Ejml.column(y), Ejml.flatten(t), out);
        return Ejml.toMatrix(DMatrixRMaj.wrap(m, n, out.data));
    }

    /** Item 8: diag(x) ∈ R^{n×n}, diag(x)_ij = x_i δ_ij. */
    @Override
    public Matrix diag(Vector x) {
        Dimensions.entries("diag(x)", x.size(), x.size());
        return Ejml.toMatrix(CommonOps_DDRM.diag(x.toArray()));
    }

    /**
     * Item 8: x ⊙ y ∈ R^n, (x⊙y)_i = x_i y_i.
     *
     * @throws ShapeMismatchException if x and y differ in length
     */
    @Override
    public Vector hadamard(Vector x, Vector y) {
        ShapeMismatchException.require(x.size() == y.size(), "element-wise product x⊙y",
                "x has length " + x.size(), "y has length " + y.size(), "x and y must have the same length");
        DMatrixRMaj out = new DMatrixRMaj(x.size(), 1);
        CommonOps_DDRM.elementMult(Ejml.column(x), Ejml.column(y), out);
        return Ejml.toVector(out);
    }

    /**
     * AB ∈ R^{m×n} for A ∈ R^{m×k}, B ∈ R^{k×n}, (AB)_ij = Σ_l a_il b_lj.
     *
     * @throws ShapeMismatchException if the columns of A are not the rows of B
     */
    @Override
    public Matrix product(Matrix a, Matrix b) {
        ShapeMismatchException.require(a.cols() == b.rows(), "product A·B", "A is " + a.shape(),
                "B is " + b.shape(), "columns of A must equal rows of B");
        DMatrixRMaj out = Ejml.zeros("product A·B", a.rows(), b.cols());
        CommonOps_DDRM.mult(Ejml.dense(a), Ejml.dense(b), out);
        return Ejml.toMatrix(out);
    }

    /**
     * Proposition 1: ∂z/∂W ∈ R^{h×d×h} for z = Wx + b, (∂z/∂W)_ijk = ∂z_i/∂w_kj = δ_ik x_j, the seed's I_h⊗x.
     *
     * <p>Computed as the ordinary Jacobian of z with respect to W read row by row, J = I_h ⊗ xᵀ
     * (Kronecker, h×(h·d)): z_i = Σ_kj δ_ik x_j w_kj, so J(i, k·d + j) = δ_ik x_j = ∂z_i/∂w_kj. The seed's
     * item 4 puts that entry at (i, j, k), which is the only re-indexing done here.
     *
     * @param x the layer input, length d
     * @param h the number of outputs of the layer (rows of W)
     * @throws IllegalArgumentException if h &lt; 1
     */
    @Override
    public Tensor3 dzdW(Vector x, int h) {
        int d = x.size();
        Dimensions.entries("∂z/∂W with h = " + h, h, d, h);
        DMatrixRMaj xRow = DMatrixRMaj.wrap(1, d, x.toArray());
        DMatrixRMaj jacobian = new DMatrixRMaj(h, h * d);
        CommonOps_DDRM.kron(CommonOps_DDRM.identity(h), xRow, jacobian);
        double[] jd = jacobian.data;
        int cols = h * d;
        // Off the diagonal δ_ik is exactly 0, but kron forms 0·x_j, which is −0.0 for negative x_j and which
        // Tensor3.equals tells apart from the δ-formula's +0.0. Adding +0.0 maps −0.0 to +0.0 and leaves every
        // other value as it is.
        return Tensor3.fromFunction(h, d, h, (i, j, k) -> jd[i * cols + k * d + j] + 0.0);
    }

    /**
     * Proposition 1: ∂z/∂b = I_h, (∂z/∂b)_ij = ∂z_i/∂b_j = δ_ij.
     *
     * @throws IllegalArgumentException if h &lt; 1
     */
    @Override
    public Matrix dzdb(int h) {
        Dimensions.entries("∂z/∂b with h = " + h, h, h);
        return Ejml.toMatrix(CommonOps_DDRM.identity(h));
    }
}
