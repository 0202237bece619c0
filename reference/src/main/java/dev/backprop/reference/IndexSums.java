package dev.backprop.reference;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;

/**
 * The index sums that the shallow ({@link ReferenceBackprop}) and the deep ({@link ReferenceDeepBackprop})
 * chain rules share: a layer's forward pass, and the contractions of a 1×p row ∂ℓ/∂u with the materialised
 * Jacobians of {@link ReferenceJacobians}. Written once so that both classes check the same δ-sum steps, and
 * so that a depth-2 deep network and the shallow network are computed by literally the same arithmetic.
 * No argument is modified.
 */
final class IndexSums {
    private IndexSums() {
    }

    /** z = Wx + b for W m×k, x ∈ R^k, b ∈ R^m. */
    static Vector affine(Matrix w, Vector bias, Vector x) {
        return Vector.fromFunction(w.rows(), i -> {
            double sum = 0.0;
            // Prop 1 proof: z_i = w_iᵀx + b_i = Σ_l w_il x_l + b_i.
            for (int l = 0; l < w.cols(); l++) {
                sum += w.get(i, l) * x.get(l);
            }
            return sum + bias.get(i);
        });
    }

    /** s = σ(z), element-wise. */
    static Vector activate(Activation sigma, Vector z) {
        // Prop 2: s := σ(z), (σ(z))_i = σ(z_i).
        return Vector.fromFunction(z.size(), i -> sigma.value(z.get(i)));
    }

    /**
     * g = ∂ℓ/∂z = ∂ℓ/∂u · ∂u/∂s · ∂s/∂z for u = Ws + b and s = σ(z): the 1×h row that the proof's chain
     * carries into ∂z/∂W. In the shallow network u is r and ∂u/∂s is W⁽²⁾; in a deep one u is z_{k+1} and
     * ∂u/∂s is W_{k+1}.
     */
    static Matrix chainToZ(Matrix dldu, Matrix duds, Matrix dsdz) {
        return Matrix.fromFunction(1, dsdz.cols(), (row, j) -> {
            double sum = 0.0;
            // Chain rule: ∂ℓ/∂z_j = Σ_i Σ_l (∂ℓ/∂u_i)(∂u_i/∂s_l)(∂s_l/∂z_j).
            for (int i = 0; i < duds.rows(); i++) {
                for (int l = 0; l < duds.cols(); l++) {
                    sum += dldu.get(0, i) * duds.get(i, l) * dsdz.get(l, j);
                }
            }
            return sum;
        });
    }

    /**
     * ∂ℓ/∂W from ∂ℓ/∂u (1×p) and ∂u/∂W (p×m×n, item 4): the "vector · tensor" product, m×n.
     */
    static Matrix throughTensor(Matrix dldu, Tensor3 dudW) {
        return Matrix.fromFunction(dudW.dim2(), dudW.dim3(), (j, k) -> {
            double sum = 0.0;
            // Prop 2 proof: ∂ℓ/∂W_kj = Σ_i (∂ℓ/∂u_i)(∂u_i/∂W_kj), entry (j,k) in numerator layout (item 3).
            for (int i = 0; i < dudW.dim1(); i++) {
                sum += dldu.get(0, i) * dudW.get(i, j, k);
            }
            return sum;
        });
    }

    /** ∂ℓ/∂b from ∂ℓ/∂u (1×p) and ∂u/∂b (p×m): the 1×m row. */
    static Matrix throughMatrix(Matrix dldu, Matrix dudb) {
        return Matrix.fromFunction(1, dudb.cols(), (row, j) -> {
            double sum = 0.0;
            // Prop 2 proof: ∂ℓ/∂b_j = Σ_i (∂ℓ/∂u_i)(∂u_i/∂b_j).
            for (int i = 0; i < dudb.rows(); i++) {
                sum += dldu.get(0, i) * dudb.get(i, j);
            }
            return sum;
        });
    }

    /** A + B, entry by entry: the sum over samples. */
    static Matrix plus(Matrix a, Matrix b) {
        return Matrix.fromFunction(a.rows(), a.cols(), (i, j) -> a.get(i, j) + b.get(i, j));
    }

    /** w A, entry by entry: the batch reduction's weight applied to a summed gradient. */
    static Matrix times(double w, Matrix a) {
        return Matrix.fromFunction(a.rows(), a.cols(), (i, j) -> w * a.get(i, j));
    }
}
