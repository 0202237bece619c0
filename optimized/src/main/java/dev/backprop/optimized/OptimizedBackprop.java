package dev.backprop.optimized;

import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Proposition 2 for a whole batch at once, as dense matrix products (EJML); no three-index tensor is ever
 * formed.
 *
 * <p>With X ∈ R^{d×B} (column b is x_b) and Y ∈ R^{n×B} (column b is y_b), and 1 ∈ R^B the vector of ones:
 * <pre>
 *   Z = W⁽¹⁾X + b₁1ᵀ          h×B    z_b = W⁽¹⁾x_b + b₁
 *   S = σ(Z),  S' = σ'(Z)     h×B    element-wise
 *   R = W⁽²⁾S + b₂1ᵀ − Y      n×B    r_b = ŷ(x_b) − y_b, the residual
 *   G = (W⁽²⁾ᵀR) ⊙ S'         h×B    column b is (r_bᵀ W⁽²⁾ diag(σ'(z_b)))ᵀ
 * </pre>
 * and ℓ = Σ_b ½‖r_b‖². Summing the seed's per-sample formulas over b turns each outer product into a
 * matrix product: Σ_b x_b (r_bᵀ W⁽²⁾ diag(σ'(z_b))) = X Gᵀ and Σ_b s_b r_bᵀ = S Rᵀ.
 *
 * <p>Results are in the seed's {@link Layout#NUMERATOR} layout. The residual is ŷ − y; the seed's literal
 * r = ŷ is the target y = 0 ({@link Batch#literal}), and every formula holds unchanged for any y.
 *
 * <p>Each call first checks that the batch fits the network ({@link Batch#requireFits}). No argument is
 * modified (the spec's values are immutable).
 *
 * <p><b>Not thread-safe.</b> An instance keeps one workspace of dense matrices for the shape (d, h, n, B) of
 * its last call and reuses it when the next call has the same shape, reallocating it only when the shape
 * changes. Use one instance per thread. Per call, the only allocations are the returned spec matrices (and
 * the gradient object holding them); the network and batch are copied into the workspace entry by entry.
 */
public final class OptimizedBackprop implements ShallowBackprop {
    private ShallowWorkspace workspace;

    /** A backprop with no workspace yet; the first call allocates one for its shape. */
    public OptimizedBackprop() {
    }

    /**
     * ∂ℓ/∂W⁽¹⁾, ∂ℓ/∂b₁, ∂ℓ/∂W⁽²⁾, ∂ℓ/∂b₂ of ℓ = Σ_b ½‖r_b‖², in {@link Layout#NUMERATOR} layout:
     * <ul>
     *   <li>∂ℓ/∂W⁽¹⁾ = X Gᵀ ∈ R^{d×h}, (∂ℓ/∂W⁽¹⁾)_jk = Σ_b x_jb g_kb;</li>
     *   <li>∂ℓ/∂b₁ = (G1)ᵀ ∈ R^{1×h}, (∂ℓ/∂b₁)_1k = Σ_b g_kb;</li>
     *   <li>∂ℓ/∂W⁽²⁾ = S Rᵀ ∈ R^{h×n}, (∂ℓ/∂W⁽²⁾)_jk = Σ_b s_jb r_kb;</li>
     *   <li>∂ℓ/∂b₂ = (R1)ᵀ ∈ R^{1×n}, (∂ℓ/∂b₂)_1k = Σ_b r_kb;</li>
     * </ul>
     * with G and R as in the class comment. Neither argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     */
    @Override
    public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
        ShallowWorkspace ws = forwardAndBackward(network, batch);
        CommonOps_DDRM.multTransB(ws.x, ws.g, ws.dW1);
        CommonOps_DDRM.sumRows(ws.g, ws.db1);
        CommonOps_DDRM.multTransB(ws.s, ws.r, ws.dW2);
        CommonOps_DDRM.sumRows(ws.r, ws.db2);
        return new ShallowGradient(Layout.NUMERATOR, Ejml.toMatrix(ws.dW1), Ejml.toRow(ws.db1),
                Ejml.toMatrix(ws.dW2), Ejml.toRow(ws.db2));
    }

    /**
     * ∂ℓ/∂W̃⁽¹⁾ and ∂ℓ/∂W̃⁽²⁾ of ℓ = Σ_b ½‖r_b‖² for the seed's augmented parameters W̃⁽ᵏ⁾ = [W⁽ᵏ⁾ | b_k], in
     * {@link Layout#NUMERATOR} layout:
     * <ul>
     *   <li>∂ℓ/∂W̃⁽¹⁾ = X̃ Gᵀ ∈ R^{(d+1)×h} with X̃ = [X; 1ᵀ], (∂ℓ/∂W̃⁽¹⁾)_jk = Σ_b x̃_jb g_kb;</li>
     *   <li>∂ℓ/∂W̃⁽²⁾ = S̃ Rᵀ ∈ R^{(h+1)×n} with S̃ = [S; 1ᵀ], (∂ℓ/∂W̃⁽²⁾)_jk = Σ_b s̃_jb r_kb.</li>
     * </ul>
     * This is the seed's x̃ rᵀ W⁽²⁾ diag(σ'(z)) and s̃ rᵀ summed over the batch, computed directly as the two
     * products of the augmented matrices, not by stacking the results of {@link #gradient}, so that the
     * two can be checked against each other. Neither argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     */
    @Override
    public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
        ShallowWorkspace ws = forwardAndBackward(network, batch);
        ws.requireSharedViews();
        CommonOps_DDRM.multTransB(ws.xTilde, ws.g, ws.dW1Tilde);
        CommonOps_DDRM.multTransB(ws.sTilde, ws.r, ws.dW2Tilde);
        return new AugmentedGradient(Layout.NUMERATOR, Ejml.toMatrix(ws.dW1Tilde), Ejml.toMatrix(ws.dW2Tilde));
    }

    /**
     * Fills the workspace's S, σ'(Z), R and G for this network and batch (the class comment's four lines),
     * after checking that they fit each other.
     */
    private ShallowWorkspace forwardAndBackward(ShallowNetwork network, Batch batch) {
        batch.requireFits(network);
        ShallowWorkspace ws = workspaceFor(network.inputSize(), network.hiddenSize(), network.outputSize(),
                batch.size());
        Ejml.copyInto(network.w1(), ws.w1);
        Ejml.copyInto(network.b1(), ws.b1);
        Ejml.copyInto(network.w2(), ws.w2);
        Ejml.copyInto(network.b2(), ws.b2);
        Ejml.copyInto(batch.inputs(), ws.x);

        // Z is never stored: W⁽¹⁾X lands in S's storage and the fused pass turns it into σ(Z) in place.
        CommonOps_DDRM.mult(ws.w1, ws.x, ws.s);
        ActivationKernels.biasActivate(network.activation(), ws.s, ws.b1, ws.sPrime);

        CommonOps_DDRM.mult(ws.w2, ws.s, ws.r);
        addBiasSubtractTargets(ws, batch.targets());

        // W⁽²⁾ᵀR is formed in G's storage and scaled by σ'(Z) in place.
        CommonOps_DDRM.multTransA(ws.w2, ws.r, ws.g);
        CommonOps_DDRM.elementMult(ws.g, ws.sPrime);
        return ws;
    }

    /** R ← R + b₂1ᵀ − Y, in one pass; Y is read from the batch rather than copied, since it is read once. */
    private static void addBiasSubtractTargets(ShallowWorkspace ws, Matrix targets) {
        double[] r = ws.r.data;
        double[] b2 = ws.b2.data;
        int batch = ws.batch;
        for (int i = 0; i < ws.n; i++) {
            double bi = b2[i];
            int base = i * batch;
            for (int b = 0; b < batch; b++) {
                r[base + b] += bi - targets.get(i, b);
            }
        }
    }

    private ShallowWorkspace workspaceFor(int d, int h, int n, int batch) {
        if (workspace == null || !workspace.fits(d, h, n, batch)) {
            // The old workspace is dropped rather than resized: shapes change rarely, and exact sizes keep
            // every matrix's storage the length of its entries.
            workspace = new ShallowWorkspace(d, h, n, batch);
        }
        return workspace;
    }
}
