package dev.backprop.spec;

/**
 * The products of the seed's Section 1, as a contract. Implementations refuse operands whose shapes
 * cannot agree with a {@link ShapeMismatchException} naming both; they never modify their arguments
 * (all value types are immutable).
 */
public interface SeedAlgebra {
    /** Item 5: x ∈ R^n, y ∈ R^m ↦ x yᵀ ∈ R^{n×m}, (x yᵀ)_ij = x_i y_j. */
    Matrix outer(Vector x, Vector y);

    /** Item 6: x ∈ R^p, Y ∈ R^{n×m} ↦ x⊗Y ∈ R^{p×m×n}, (x⊗Y)_ijk = x_i y_kj. */
    Tensor3 vectorTensor(Vector x, Matrix y);

    /** Item 7: Y ∈ R^{n×m}, x ∈ R^p ↦ Y⊗x ∈ R^{m×p×n}, (Y⊗x)_ijk = x_j y_ki. */
    Tensor3 tensorVector(Matrix y, Vector x);

    /** Item 7 with Y = I_m: I_m⊗x ∈ R^{m×p×m}, (I_m⊗x)_ijk = x_j δ_ki. */
    Tensor3 identityTensor(int m, Vector x);

    /**
     * The seed's "vector · tensor" product yᵀT for y ∈ R^p, T ∈ R^{p×m×n}: (yᵀT)_jk = Σ_i y_i T_ijk ∈ R^{m×n}
     * (contraction over T's first index, DESIGN.md §1). Refuses y whose length is not T's first dimension.
     */
    Matrix contractFirst(Vector y, Tensor3 t);

    /** Item 8: diag(x) ∈ R^{n×n}, diag(x)_ij = x_i δ_ij. */
    Matrix diag(Vector x);

    /** Item 8: x ⊙ y ∈ R^n, (x⊙y)_i = x_i y_i. Refuses vectors of different lengths. */
    Vector hadamard(Vector x, Vector y);

    /** Matrix product: A ∈ R^{m×k}, B ∈ R^{k×n} ↦ AB, (AB)_ij = Σ_l a_il b_lj. Refuses mismatched k. */
    Matrix product(Matrix a, Matrix b);
}
