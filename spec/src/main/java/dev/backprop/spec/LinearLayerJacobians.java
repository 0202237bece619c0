package dev.backprop.spec;

/**
 * Proposition 1 as a contract: for z = Wx + b with x ∈ R^d, W ∈ R^{h×d}, b ∈ R^h, the Jacobians of z in the
 * seed's layout (item 4).
 */
public interface LinearLayerJacobians {
    /**
     * ∂z/∂W ∈ R^{h×d×h} with (∂z/∂W)_ijk = ∂z_i/∂w_kj = δ_ik x_j; the seed calls it I_h⊗x.
     *
     * @param x the layer input, length d
     * @param h the number of outputs of the layer (rows of W)
     */
    Tensor3 dzdW(Vector x, int h);

    /** ∂z/∂b = I_h: (∂z/∂b)_ij = ∂z_i/∂b_j = δ_ij. */
    Matrix dzdb(int h);
}
