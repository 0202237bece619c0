package dev.backprop.reference;

import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;

/**
 * Proposition 2 as its proof computes it: the forward pass as index sums, then the chain rule as explicit
 * index sums over the Jacobians that {@link ReferenceJacobians} materialises. No closed form of Prop 2's
 * statement (x rᵀ W⁽²⁾ diag(σ'(z)), s rᵀ, ...) is used, so this class checks the statement rather than
 * restating it.
 *
 * <p>r is the residual ŷ − y of each sample; the seed's "r := ŷ" is the target y = 0
 * ({@link Batch#literal(Vector, int)}), and every formula of Prop 2 holds unchanged for any y. Gradients are
 * summed over the batch, since ℓ = Σ_b ½‖r_b‖². Results are in {@link Layout#NUMERATOR}, the seed's layout.
 */
public final class ReferenceBackprop implements ShallowBackprop {
    private final ReferenceJacobians jacobians = new ReferenceJacobians();

    /**
     * Proposition 2, split form: "∂ℓ/∂W⁽¹⁾ := x rᵀ W⁽²⁾ diag(σ'(z)) ∈ R^{d×h}, ∂ℓ/∂b₁ = rᵀ W⁽²⁾ diag(σ'(z))
     * ∈ R^{1×h}, ∂ℓ/∂W⁽²⁾ = s rᵀ ∈ R^{h×n}, ∂ℓ/∂b₂ = rᵀ ∈ R^{1×n}", each computed per sample as
     * ∂ℓ/∂r · ∂r/∂s · ∂s/∂z · ∂z/∂θ over materialised Jacobians (∂z/∂W⁽¹⁾ and ∂r/∂W⁽²⁾ from Proposition 1)
     * and summed over the batch. No argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     */
    @Override
    public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        int d = network.inputSize();
        int h = network.hiddenSize();
        int n = network.outputSize();
        Activation sigma = network.activation();
        Matrix sumW1 = Matrix.zeros(d, h);
        Matrix sumB1 = Matrix.zeros(1, h);
        Matrix sumW2 = Matrix.zeros(h, n);
        Matrix sumB2 = Matrix.zeros(1, n);
        // ℓ = Σ_b ½‖r_b‖², so each gradient is the sum of the per-sample gradients of Prop 2.
        for (int b = 0; b < batch.size(); b++) {
            Vector x = batch.input(b);
            Vector z = affine(network.w1(), network.b1(), x);
            Vector s = activate(sigma, z);
            Vector r = minus(affine(network.w2(), network.b2(), s), batch.target(b));

            Matrix dldr = jacobians.dldr(r);
            Matrix g = chainToZ(dldr, jacobians.drds(network.w2()), jacobians.dsdz(z, sigma));
            // Prop 1 applied twice: to z = W⁽¹⁾x + b₁ (size h) and, as the proof says, to r = W⁽²⁾s + b₂ (size n).
            sumW1 = plus(sumW1, throughTensor(g, jacobians.dzdW(x, h)));
            sumB1 = plus(sumB1, throughMatrix(g, jacobians.dzdb(h)));
            sumW2 = plus(sumW2, throughTensor(dldr, jacobians.dzdW(s, n)));
            sumB2 = plus(sumB2, throughMatrix(dldr, jacobians.dzdb(n)));
        }
        return new ShallowGradient(Layout.NUMERATOR, sumW1, sumB1, sumW2, sumB2);
    }

    /**
     * Proposition 2, augmented form: "∂ℓ/∂W̃⁽¹⁾ = x̃ rᵀ W⁽²⁾ diag(σ'(z)), ∂ℓ/∂W̃⁽²⁾ = s̃ rᵀ", computed per sample
     * as the proof's chains "∂ℓ/∂W̃⁽¹⁾ = ∂ℓ/∂r ∂r/∂s ∂s/∂z ∂z/∂W̃⁽¹⁾" and "∂ℓ/∂W̃⁽²⁾ = ∂ℓ/∂r ∂r/∂W̃⁽²⁾" over
     * materialised Jacobians, and summed over the batch; (d+1)×h and (h+1)×n.
     *
     * <p>Computed from x̃, W̃⁽¹⁾, s̃ and W̃⁽²⁾ alone, independently of {@link #gradient}, so that a check that
     * the augmented gradient equals the split one can fail. No argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     */
    @Override
    public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        int d = network.inputSize();
        int h = network.hiddenSize();
        int n = network.outputSize();
        Activation sigma = network.activation();
        Matrix w1Tilde = network.w1Tilde();
        Matrix w2Tilde = network.w2Tilde();
        Matrix sumW1Tilde = Matrix.zeros(d + 1, h);
        Matrix sumW2Tilde = Matrix.zeros(h + 1, n);
        // ℓ = Σ_b ½‖r_b‖², so each gradient is the sum of the per-sample gradients of Prop 2.
        for (int b = 0; b < batch.size(); b++) {
            Vector xTilde = batch.input(b).augmented();
            Vector z = linear(w1Tilde, xTilde);
            Vector s = activate(sigma, z);
            Vector sTilde = s.augmented();
            Vector r = minus(linear(w2Tilde, sTilde), batch.target(b));

            Matrix dldr = jacobians.dldr(r);
            // The proof's ∂r/∂s is W⁽²⁾ itself: the bias column of W̃⁽²⁾ multiplies the constant 1, not s.
            Matrix g = chainToZ(dldr, jacobians.drds(network.w2()), jacobians.dsdz(z, sigma));
            sumW1Tilde = plus(sumW1Tilde, throughTensor(g, jacobians.dzdWTilde(xTilde, h)));
            sumW2Tilde = plus(sumW2Tilde, throughTensor(dldr, jacobians.dzdWTilde(sTilde, n)));
        }
        return new AugmentedGradient(Layout.NUMERATOR, sumW1Tilde, sumW2Tilde);
    }

    /** z = Wx + b for W m×k, x ∈ R^k, b ∈ R^m. */
    private static Vector affine(Matrix w, Vector bias, Vector x) {
        return Vector.fromFunction(w.rows(), i -> {
            double sum = 0.0;
            // Prop 1 proof: z_i = w_iᵀx + b_i = Σ_l w_il x_l + b_i.
            for (int l = 0; l < w.cols(); l++) {
                sum += w.get(i, l) * x.get(l);
            }
            return sum + bias.get(i);
        });
    }

    /** z = W̃x̃ for W̃ m×(k+1), x̃ ∈ R^{k+1}: the bias is W̃'s last column, met by x̃'s trailing 1. */
    private static Vector linear(Matrix wTilde, Vector xTilde) {
        return Vector.fromFunction(wTilde.rows(), i -> {
            double sum = 0.0;
            // Prop 2 proof: z_i = w̃_iᵀx̃ = Σ_l W̃_il x̃_l.
            for (int l = 0; l < wTilde.cols(); l++) {
                sum += wTilde.get(i, l) * xTilde.get(l);
            }
            return sum;
        });
    }

    /** s = σ(z), element-wise. */
    private static Vector activate(Activation sigma, Vector z) {
        // Prop 2: s := σ(z), (σ(z))_i = σ(z_i).
        return Vector.fromFunction(z.size(), i -> sigma.value(z.get(i)));
    }

    /** r = ŷ − y. */
    private static Vector minus(Vector yHat, Vector y) {
        // r_i = ŷ_i − y_i: the residual; the seed's r := ŷ is y = 0.
        return Vector.fromFunction(yHat.size(), i -> yHat.get(i) - y.get(i));
    }

    /**
     * g = ∂ℓ/∂z = ∂ℓ/∂r · ∂r/∂s · ∂s/∂z, the 1×h row the proof's chain for W̃⁽¹⁾ carries into ∂z/∂W.
     */
    private static Matrix chainToZ(Matrix dldr, Matrix drds, Matrix dsdz) {
        return Matrix.fromFunction(1, dsdz.cols(), (row, j) -> {
            double sum = 0.0;
            // Chain rule: ∂ℓ/∂z_j = Σ_i Σ_l (∂ℓ/∂r_i)(∂r_i/∂s_l)(∂s_l/∂z_j).
            for (int i = 0; i < drds.rows(); i++) {
                for (int l = 0; l < drds.cols(); l++) {
                    sum += dldr.get(0, i) * drds.get(i, l) * dsdz.get(l, j);
                }
            }
            return sum;
        });
    }

    /**
     * ∂ℓ/∂W from ∂ℓ/∂u (1×p) and ∂u/∂W (p×m×n, item 4): the "vector · tensor" product, m×n.
     */
    private static Matrix throughTensor(Matrix dldu, Tensor3 dudW) {
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
    private static Matrix throughMatrix(Matrix dldu, Matrix dudb) {
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
    private static Matrix plus(Matrix a, Matrix b) {
        return Matrix.fromFunction(a.rows(), a.cols(), (i, j) -> a.get(i, j) + b.get(i, j));
    }
}
