package dev.backprop.reference;

import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;

/**
 * Proposition 2 as its proof computes it: the forward pass as index sums, then the chain rule as explicit
 * index sums over the Jacobians that {@link ReferenceJacobians} materialises. No closed form of Prop 2's
 * statement (x rᵀ W⁽²⁾ diag(σ'(z)), s rᵀ, ...) is used, so this class checks the statement rather than
 * restating it. The index sums themselves (forward pass and chain rule) are shared with
 * {@link ReferenceDeepBackprop}, which on a depth-2 network with {@link dev.backprop.spec.Objective#SEED}
 * computes the same numbers by the same operations.
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
     * @throws IllegalArgumentException                 before any allocation, if the batch's Jacobians exceed
     *                                                  {@link ReferenceDeepBackprop#MAX_JACOBIAN_ENTRIES}
     */
    @Override
    public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        int d = network.inputSize();
        int h = network.hiddenSize();
        int n = network.outputSize();
        // refused from the shapes alone, before the first Jacobian is allocated
        SizeLimit.require("ReferenceBackprop.gradient", new int[] {d, h, n}, batch.size(),
                SizeLimit.shallowPerSample(d, h, n, false));
        Activation sigma = network.activation();
        Matrix sumW1 = Matrix.zeros(d, h);
        Matrix sumB1 = Matrix.zeros(1, h);
        Matrix sumW2 = Matrix.zeros(h, n);
        Matrix sumB2 = Matrix.zeros(1, n);
        // ℓ = Σ_b ½‖r_b‖², so each gradient is the sum of the per-sample gradients of Prop 2.
        for (int b = 0; b < batch.size(); b++) {
            Vector x = batch.input(b);
            Vector z = IndexSums.affine(network.w1(), network.b1(), x);
            Vector s = IndexSums.activate(sigma, z);
            Vector r = minus(IndexSums.affine(network.w2(), network.b2(), s), batch.target(b));

            Matrix dldr = jacobians.dldr(r);
            Matrix g = IndexSums.chainToZ(dldr, jacobians.drds(network.w2()), jacobians.dsdz(z, sigma));
            // Prop 1 applied twice: to z = W⁽¹⁾x + b₁ (size h) and, as the proof says, to r = W⁽²⁾s + b₂ (size n).
            sumW1 = IndexSums.plus(sumW1, IndexSums.throughTensor(g, jacobians.dzdW(x, h)));
            sumB1 = IndexSums.plus(sumB1, IndexSums.throughMatrix(g, jacobians.dzdb(h)));
            sumW2 = IndexSums.plus(sumW2, IndexSums.throughTensor(dldr, jacobians.dzdW(s, n)));
            sumB2 = IndexSums.plus(sumB2, IndexSums.throughMatrix(dldr, jacobians.dzdb(n)));
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
     * @throws IllegalArgumentException                 before any allocation, if the batch's Jacobians exceed
     *                                                  {@link ReferenceDeepBackprop#MAX_JACOBIAN_ENTRIES}
     */
    @Override
    public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        int d = network.inputSize();
        int h = network.hiddenSize();
        int n = network.outputSize();
        SizeLimit.require("ReferenceBackprop.augmentedGradient", new int[] {d, h, n}, batch.size(),
                SizeLimit.shallowPerSample(d, h, n, true));
        Activation sigma = network.activation();
        Matrix w1Tilde = network.w1Tilde();
        Matrix w2Tilde = network.w2Tilde();
        Matrix sumW1Tilde = Matrix.zeros(d + 1, h);
        Matrix sumW2Tilde = Matrix.zeros(h + 1, n);
        // ℓ = Σ_b ½‖r_b‖², so each gradient is the sum of the per-sample gradients of Prop 2.
        for (int b = 0; b < batch.size(); b++) {
            Vector xTilde = batch.input(b).augmented();
            Vector z = linear(w1Tilde, xTilde);
            Vector s = IndexSums.activate(sigma, z);
            Vector sTilde = s.augmented();
            Vector r = minus(linear(w2Tilde, sTilde), batch.target(b));

            Matrix dldr = jacobians.dldr(r);
            // The proof's ∂r/∂s is W⁽²⁾ itself: the bias column of W̃⁽²⁾ multiplies the constant 1, not s.
            Matrix g = IndexSums.chainToZ(dldr, jacobians.drds(network.w2()), jacobians.dsdz(z, sigma));
            sumW1Tilde = IndexSums.plus(sumW1Tilde, IndexSums.throughTensor(g, jacobians.dzdWTilde(xTilde, h)));
            sumW2Tilde = IndexSums.plus(sumW2Tilde, IndexSums.throughTensor(dldr, jacobians.dzdWTilde(sTilde, n)));
        }
        return new AugmentedGradient(Layout.NUMERATOR, sumW1Tilde, sumW2Tilde);
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

    /** r = ŷ − y. */
    private static Vector minus(Vector yHat, Vector y) {
        // r_i = ŷ_i − y_i: the residual; the seed's r := ŷ is y = 0.
        return Vector.fromFunction(yHat.size(), i -> yHat.get(i) - y.get(i));
    }
}
