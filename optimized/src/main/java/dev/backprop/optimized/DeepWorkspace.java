package dev.backprop.optimized;

import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Dimensions;
import org.ejml.data.DMatrixRMaj;

/**
 * Every dense matrix one forward/backward pass of a deep network needs, for one shape: widths n_0, …, n_L
 * (n_0 = d inputs, n_L = n outputs) and B samples. Package-private: not API, and not thread-safe: it is
 * scratch space that each pass overwrites completely.
 *
 * <p>The fields are the quantities of {@link dev.backprop.spec.DeepBackprop}, batched (column b belongs to
 * sample b). Each array is indexed by the layer number k of the seed, so that {@code w[k]} is W_k; the
 * entries a layer does not have (index 0 of the parameters, gradients and σ', index L of S and σ') are null.
 */
final class DeepWorkspace {
    /** L, the number of weight layers. */
    final int depth;
    /** n_0, …, n_L. */
    final int[] widths;
    /** B, the batch size. */
    final int batch;

    /** W_k, n_k×n_{k−1}, for k = 1..L. */
    final DMatrixRMaj[] w;
    /** b_k, n_k×1, for k = 1..L. */
    final DMatrixRMaj[] b;
    /**
     * S_0 = X (d×B) at k = 0; for a hidden layer 1 ≤ k &lt; L, W_k S_{k−1} before its fused pass and
     * S_k = σ_k(Z_k) after it, n_k×B.
     */
    final DMatrixRMaj[] s;
    /** S'_k = σ_k'(Z_k), n_k×B, for the hidden layers k = 1..L−1. */
    final DMatrixRMaj[] sPrime;
    /**
     * G_k, n_k×B, for k = 1..L: column b is w·g_kᵀ of sample b. G_L holds W_L S_{L−1} and then Ŷ until the
     * loss pass turns it into G_L; a hidden G_k holds W_{k+1}ᵀ G_{k+1} until the Hadamard product with S'_k.
     */
    final DMatrixRMaj[] g;
    /** ∂ℓ/∂W_k = S_{k−1} G_kᵀ, n_{k−1}×n_k (numerator layout), for k = 1..L. */
    final DMatrixRMaj[] dW;
    /** ∂ℓ/∂b_k as the row sums of G_k, n_k×1, for k = 1..L. */
    final DMatrixRMaj[] db;

    /**
     * Allocates the workspace for the shape of {@code network} and a batch of {@code batch} samples. Refuses,
     * before allocating anything, a batch size below 1 or a shape for which one of the matrices would exceed
     * {@link Dimensions#MAX_ENTRIES} entries, with {@link Dimensions#entries}' IllegalArgumentException.
     */
    DeepWorkspace(DeepNetwork network, int batch) {
        int depth = network.depth();
        String what = "deep workspace for " + network.describe() + " B=" + batch;
        // Every matrix is n_k×B (S, S', G) or n_k×n_{k−1} (W, ∂ℓ/∂W); b and ∂ℓ/∂b (n_k×1) are smaller than
        // S_k or G_k, so these products bound them all.
        for (int k = 0; k <= depth; k++) {
            Dimensions.entries(what, network.width(k), batch);
        }
        for (int k = 1; k <= depth; k++) {
            Dimensions.entries(what, network.width(k), network.width(k - 1));
        }
        this.depth = depth;
        this.batch = batch;
        widths = new int[depth + 1];
        for (int k = 0; k <= depth; k++) {
            widths[k] = network.width(k);
        }
        w = new DMatrixRMaj[depth + 1];
        b = new DMatrixRMaj[depth + 1];
        s = new DMatrixRMaj[depth + 1];
        sPrime = new DMatrixRMaj[depth + 1];
        g = new DMatrixRMaj[depth + 1];
        dW = new DMatrixRMaj[depth + 1];
        db = new DMatrixRMaj[depth + 1];
        s[0] = new DMatrixRMaj(widths[0], batch);
        for (int k = 1; k <= depth; k++) {
            int nk = widths[k];
            w[k] = new DMatrixRMaj(nk, widths[k - 1]);
            b[k] = new DMatrixRMaj(nk, 1);
            if (k < depth) {
                s[k] = new DMatrixRMaj(nk, batch);
                sPrime[k] = new DMatrixRMaj(nk, batch);
            }
            g[k] = new DMatrixRMaj(nk, batch);
            dW[k] = new DMatrixRMaj(widths[k - 1], nk);
            db[k] = new DMatrixRMaj(nk, 1);
        }
    }

    /**
     * Whether this workspace is for exactly the shape of {@code network} and {@code batch} samples. Reads the
     * widths one by one, so that the check allocates nothing.
     */
    boolean fits(DeepNetwork network, int batch) {
        if (this.batch != batch || network.depth() != depth) {
            return false;
        }
        for (int k = 0; k <= depth; k++) {
            if (network.width(k) != widths[k]) {
                return false;
            }
        }
        return true;
    }
}
