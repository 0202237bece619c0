package dev.backprop.optimized;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import java.nio.DoubleBuffer;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * One forward and backward pass of {@link OptimizedDeepBackprop} with its matrix products in OpenBLAS: the same
 * lines as {@link EjmlDeepPass} (the class comment of {@link OptimizedDeepBackprop}), in the same order, with the
 * same element-wise passes ({@link ActivationKernels}, {@link LossKernels}). Package-private: not API.
 *
 * <p>W_k and X are copied from the spec's values straight into native memory ({@link NativeWorkspace}); each
 * product's result is copied to the heap workspace for the Java pass over it (bias, σ and σ'; the loss gradient;
 * the product by S'_k) and copied back for the next product. Those copies are bulk memory copies of n_k×B entries,
 * a few percent of a product's time at the sizes this path is chosen for ({@link Backend#NATIVE_MIN_MULTIPLY_ADDS}).
 */
final class NativeDeepPass {
    private NativeDeepPass() {
    }

    /**
     * Fills {@code ws.dW[k]}, {@code ws.db[k]} (and S_k, S'_k, G_k) for this network, batch and objective, which
     * the caller has checked fit each other and the workspaces. Only the two workspaces are modified.
     */
    static void forwardAndBackward(DeepNetwork network, Batch batch, Objective objective, DeepWorkspace ws,
            NativeWorkspace nw) {
        int depth = ws.depth;
        int cols = ws.batch;
        int[] n = ws.widths;
        for (int k = 1; k <= depth; k++) {
            copyInto(network.weight(k), nw.wView[k]);
            Ejml.copyInto(network.bias(k), ws.b[k]);
        }
        copyInto(batch.inputs(), nw.sView[0]);

        // Z_k = W_k S_{k−1} in native memory, then S_k = σ_k(Z_k + b_k 1ᵀ) and S'_k on the heap, S_k copied back
        for (int k = 1; k < depth; k++) {
            NativeBlas.multiply(false, false, n[k], cols, n[k - 1], nw.w[k], n[k - 1], nw.s[k - 1], cols, nw.s[k], cols);
            int entries = n[k] * cols;
            nw.sView[k].get(0, ws.s[k].data, 0, entries);
            ActivationKernels.biasActivate(network.activation(k), ws.s[k], ws.b[k], ws.sPrime[k]);
            nw.sView[k].put(0, ws.s[k].data, 0, entries);
        }
        NativeBlas.multiply(false, false, n[depth], cols, n[depth - 1], nw.w[depth], n[depth - 1], nw.s[depth - 1],
                cols, nw.g[depth], cols);
        int outputs = n[depth] * cols;
        nw.gView[depth].get(0, ws.g[depth].data, 0, outputs);
        LossKernels.outputGradient(objective.loss(), objective.reduction().weight(cols), ws.g[depth], ws.b[depth],
                batch.targets());
        nw.gView[depth].put(0, ws.g[depth].data, 0, outputs);

        for (int k = depth; k >= 1; k--) {
            if (k < depth) {
                // G_k = (W_{k+1}ᵀ G_{k+1}) ⊙ S'_k: W_{k+1} is stored n_{k+1}×n_k, so op(A) = Aᵀ with lda = n_k
                NativeBlas.multiply(true, false, n[k], cols, n[k + 1], nw.w[k + 1], n[k], nw.g[k + 1], cols,
                        nw.g[k], cols);
                int entries = n[k] * cols;
                nw.gView[k].get(0, ws.g[k].data, 0, entries);
                CommonOps_DDRM.elementMult(ws.g[k], ws.sPrime[k]);
                nw.gView[k].put(0, ws.g[k].data, 0, entries);
            }
            // ∂ℓ/∂W_k = S_{k−1} G_kᵀ: G_k is stored n_k×B, so op(B) = Bᵀ with ldb = B
            NativeBlas.multiply(false, true, n[k - 1], n[k], cols, nw.s[k - 1], cols, nw.g[k], cols, nw.dW[k], n[k]);
            nw.dWView[k].get(0, ws.dW[k].data, 0, n[k - 1] * n[k]);
            CommonOps_DDRM.sumRows(ws.g[k], ws.db[k]);
        }
    }

    /** Overwrites the first rows×cols entries of {@code dst} with {@code src}, row-major; nothing else changes. */
    private static void copyInto(Matrix src, DoubleBuffer dst) {
        int rows = src.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                dst.put(base + j, src.get(i, j));
            }
        }
    }
}
