package dev.backprop.reference;

import dev.backprop.spec.Activation;
import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import java.util.Objects;

/**
 * Proposition 1, and every Jacobian that the proof of Proposition 2 writes down, materialised entry by entry
 * from the δ-sum the seed derives it with. {@link ReferenceBackprop} chains these and nothing else;
 * {@link ReferenceDeepBackprop} chains them layer by layer, starting from a loss's own ∂ℓ/∂ŷ.
 *
 * <p>Tensor Jacobians follow seed item 4: for y ∈ R^p and X ∈ R^{n×m}, (∂y/∂X)_ijk = ∂y_i/∂x_kj, p×m×n.
 * No method modifies its arguments.
 */
public final class ReferenceJacobians implements LinearLayerJacobians {

    /**
     * Proposition 1, for z = Wx + b with x ∈ R^d, W ∈ R^{h×d}: "∂z/∂W = I_h ⊗ x ∈ R^{h×d×h}", by its proof
     * "∂z_i/∂w_jk = Σ_l δ_ij δ_lk x_l = δ_ij x_k". In item 4's order the entry (i,j,k) is ∂z_i/∂w_kj, so each
     * entry is Σ_l δ_ik δ_lj x_l = δ_ik x_j. No argument is modified.
     *
     * @param x the layer input, length d
     * @param h the number of outputs of the layer (rows of W), at least 1
     */
    @Override
    public Tensor3 dzdW(Vector x, int h) {
        requireAtLeastOne("∂z/∂W", h);
        return Tensor3.fromFunction(h, x.size(), h, (i, j, k) -> {
            double sum = 0.0;
            // Prop 1 proof, with w_jk renamed w_kj for item 4: ∂z_i/∂w_kj = Σ_l (∂w_il/∂w_kj) x_l = Σ_l δ_ik δ_lj x_l.
            for (int l = 0; l < x.size(); l++) {
                sum += Kronecker.delta(i, k, Kronecker.delta(l, j, x.get(l)));
            }
            return sum;
        });
    }

    /**
     * Proposition 1: "∂z/∂b = I_h", by its proof "∂z_i/∂b_j = ∂b_i/∂b_j = δ_ij". No argument is modified.
     *
     * @param h the length of b, at least 1
     */
    @Override
    public Matrix dzdb(int h) {
        requireAtLeastOne("∂z/∂b", h);
        // Prop 1 proof: ∂z_i/∂b_j = δ_ij.
        return Matrix.fromFunction(h, h, (i, j) -> Kronecker.delta(i, j, 1.0));
    }

    /**
     * Proof of Proposition 2, first line: "∂ℓ/∂r_i = ... = Σ_j r_j δ_ij = r_i ⇒ ∂ℓ/∂r = rᵀ", for
     * ℓ = ½‖r‖². Returned as the 1×n row of seed item 1a. No argument is modified.
     *
     * @param r the residual, length n
     */
    public Matrix dldr(Vector r) {
        return Matrix.fromFunction(1, r.size(), (row, i) -> {
            double sum = 0.0;
            // Prop 2 proof: ∂ℓ/∂r_i = ½ Σ_j 2 r_j ∂r_j/∂r_i = Σ_j r_j δ_ij.
            for (int j = 0; j < r.size(); j++) {
                sum += Kronecker.delta(i, j, r.get(j));
            }
            return sum;
        });
    }

    /**
     * Proof of Proposition 2: "We also have r = W⁽²⁾s + b⁽²⁾, so ∂r/∂s = W⁽²⁾" (item 1c), entry by entry
     * ∂r_i/∂s_j = Σ_l W⁽²⁾_il ∂s_l/∂s_j = Σ_l W⁽²⁾_il δ_lj. No argument is modified.
     *
     * @param w2 W⁽²⁾, n×h
     * @return ∂r/∂s, n×h
     */
    public Matrix drds(Matrix w2) {
        return Matrix.fromFunction(w2.rows(), w2.cols(), (i, j) -> {
            double sum = 0.0;
            // r_i = Σ_l W2_il s_l + b2_i, and ∂s_l/∂s_j = δ_lj.
            for (int l = 0; l < w2.cols(); l++) {
                sum += Kronecker.delta(l, j, w2.get(i, l));
            }
            return sum;
        });
    }

    /**
     * Proof of Proposition 2: "(∂s/∂z)_ij = ∂s_i/∂z_j = ∂(σ(z))_i/∂z_j = ∂σ(z_i)/∂z_j = σ'(z_i) ∂z_i/∂z_j =
     * σ'(z_i) δ_ij", i.e. diag(σ'(z)). No argument is modified.
     *
     * @param z the pre-activation, length h
     * @param activation σ
     * @return ∂s/∂z, h×h
     */
    public Matrix dsdz(Vector z, Activation activation) {
        Objects.requireNonNull(activation, "activation is missing");
        // Prop 2 proof: (∂s/∂z)_ij = σ'(z_i) δ_ij.
        return Matrix.fromFunction(z.size(), z.size(),
                (i, j) -> Kronecker.delta(i, j, activation.derivative(z.get(i))));
    }

    /**
     * Proof of Proposition 2, for z = W̃⁽¹⁾x̃: "(∂z/∂W̃⁽¹⁾)_ijk = ∂z_i/∂W̃_kj = ∂(Σ_l W̃_il x̃_l)/∂W̃_kj =
     * Σ_l δ_ik δ_lj x̃_l = δ_ik x̃_j". The same δ-sum gives ∂r/∂W̃⁽²⁾ for r = W̃⁽²⁾s̃ (− y), which the seed uses
     * as I_n ⊗ s̃. The trailing 1 of x̃ is an ordinary entry here: it is what makes the last column of W̃ the
     * bias. No argument is modified.
     *
     * @param xTilde x̃ = (x, 1), length d+1
     * @param h the number of outputs of the layer (rows of W̃), at least 1
     * @return ∂z/∂W̃, h×(d+1)×h
     */
    public Tensor3 dzdWTilde(Vector xTilde, int h) {
        requireAtLeastOne("∂z/∂W̃", h);
        return Tensor3.fromFunction(h, xTilde.size(), h, (i, j, k) -> {
            double sum = 0.0;
            // Prop 2 proof: ∂z_i/∂W̃_kj = Σ_l (∂W̃_il/∂W̃_kj) x̃_l = Σ_l δ_ik δ_lj x̃_l.
            for (int l = 0; l < xTilde.size(); l++) {
                sum += Kronecker.delta(i, k, Kronecker.delta(l, j, xTilde.get(l)));
            }
            return sum;
        });
    }

    private static void requireAtLeastOne(String jacobian, int h) {
        if (h < 1) {
            throw new IllegalArgumentException(
                    jacobian + ": h (the number of outputs of the layer) must be at least 1, got " + h);
        }
    }
}
