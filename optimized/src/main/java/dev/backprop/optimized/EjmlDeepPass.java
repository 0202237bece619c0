package dev.backprop.optimized;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * One forward and backward pass of {@link OptimizedDeepBackprop} with EJML's products, on the heap workspace
 * alone: the path for small shapes, and for every shape where OpenBLAS cannot load. Package-private: not API.
 */
final class EjmlDeepPass {
    private EjmlDeepPass() {
    }

    /**
     * Fills the workspace's S_k, S'_k, G_k, ∂ℓ/∂W_k and ∂ℓ/∂b_k (the lines of {@link OptimizedDeepBackprop}'s class
     * comment) for this network, batch and objective, which the caller has checked fit each other and the
     * workspace. Only the workspace is modified.
     */
    static void forwardAndBackward(DeepNetwork network, Batch batch, Objective objective, DeepWorkspace ws) {
        int depth = ws.depth;
        for (int k = 1; k <= depth; k++) {
            Ejml.copyInto(network.weight(k), ws.w[k]);
            Ejml.copyInto(network.bias(k), ws.b[k]);
        }
        Ejml.copyInto(batch.inputs(), ws.s[0]);

        // Z_k is never stored: W_k S_{k−1} lands in S_k's storage and the fused pass turns it into σ_k(Z_k).
        for (int k = 1; k < depth; k++) {
            CommonOps_DDRM.mult(ws.w[k], ws.s[k - 1], ws.s[k]);
            ActivationKernels.biasActivate(network.activation(k), ws.s[k], ws.b[k], ws.sPrime[k]);
        }
        // Likewise Ŷ lives only in G_L's storage, which the loss pass overwrites with G_L.
        CommonOps_DDRM.mult(ws.w[depth], ws.s[depth - 1], ws.g[depth]);
        LossKernels.outputGradient(objective.loss(), objective.reduction().weight(ws.batch), ws.g[depth],
                ws.b[depth], batch.targets());

        // Each layer's parameter gradients are taken as soon as its G_k is final, while G_k is still in cache;
        // W_{k+1}ᵀ G_{k+1} is formed in G_k's storage and scaled by S'_k in place.
        for (int k = depth; k >= 1; k--) {
            if (k < depth) {
                CommonOps_DDRM.multTransA(ws.w[k + 1], ws.g[k + 1], ws.g[k]);
                CommonOps_DDRM.elementMult(ws.g[k], ws.sPrime[k]);
            }
            CommonOps_DDRM.multTransB(ws.s[k - 1], ws.g[k], ws.dW[k]);
            CommonOps_DDRM.sumRows(ws.g[k], ws.db[k]);
        }
    }
}
