package dev.backprop.optimized;

import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import org.ejml.data.DMatrixRMaj;

/**
 * The fused output-layer pass of the deep network: the gradient of the weighted loss with respect to the
 * outputs. Package-private: not API.
 *
 * <p>Ŷ = Z_L = W_L S_{L−1} + b_L 1ᵀ is linear, so G_L, the n×B matrix whose column b is w·(∂ℓ_b/∂ŷ_b)ᵀ with
 * w = {@link dev.backprop.spec.Reduction#weight}, follows from Ŷ and Y alone:
 * <pre>
 *   HALF_SQUARED_ERROR      g_ib = w (ŷ_ib − y_ib)
 *   MEAN_SQUARED_ERROR      g_ib = w (2/n)(ŷ_ib − y_ib)
 *   SOFTMAX_CROSS_ENTROPY   g_ib = w (p_ib Σ_j y_jb − y_ib),   p_b = softmax(ŷ_b)
 * </pre>
 * One sweep adds the bias and applies the formula, and Ŷ is stored only in G_L's own storage.
 */
final class LossKernels {
    private LossKernels() {
    }

    /**
     * In place: on entry {@code zThenG} holds W_L S_{L−1} (n×B); on return it holds G_L with g_ib as in the
     * class comment, where ŷ_ib = (W_L S_{L−1})_ib + b_i. {@code bias} (n×1) and {@code targets} (Y, n×B) are
     * not modified.
     *
     * <p>For softmax cross-entropy, p_b is computed as e^{ŷ_ib − m_b} / Σ_j e^{ŷ_jb − m_b} with m_b = max_j ŷ_jb,
     * which cannot overflow; and the gradient is p Σ_j y_j − y rather than p − y, so that it is the derivative
     * of {@link Loss#value} for any target, not only for one that sums to 1 exactly.
     */
    static void outputGradient(Loss loss, double weight, DMatrixRMaj zThenG, DMatrixRMaj bias, Matrix targets) {
        int n = zThenG.numRows;
        int batch = zThenG.numCols;
        if (bias.getNumElements() != n || targets.rows() != n || targets.cols() != batch) {
            throw new IllegalStateException("output-layer pass: Ŷ is " + n + "×" + batch + ", the bias has "
                    + bias.getNumElements() + " entries, Y is " + targets.shape());
        }
        double[] g = zThenG.data;
        double[] bi = bias.data;
        // The choice is hoisted out of the loops so that each loop body is straight-line code.
        if (loss == Loss.HALF_SQUARED_ERROR || loss == Loss.MEAN_SQUARED_ERROR) {
            double scale = loss == Loss.HALF_SQUARED_ERROR ? weight : weight * (2.0 / n);
            for (int i = 0; i < n; i++) {
                double b = bi[i];
                int base = i * batch;
                for (int c = 0; c < batch; c++) {
                    g[base + c] = scale * ((g[base + c] + b) - targets.get(i, c));
                }
            }
        } else if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            for (int i = 0; i < n; i++) {
                double b = bi[i];
                for (int at = i * batch, end = at + batch; at < end; at++) {
                    g[at] += b;
                }
            }
            // Softmax couples the n outputs of a sample, so the rest runs column by column (stride B).
            for (int c = 0; c < batch; c++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int at = c; at < n * batch; at += batch) {
                    max = Math.max(max, g[at]);
                }
                double sum = 0.0;
                double targetSum = 0.0;
                for (int i = 0, at = c; i < n; i++, at += batch) {
                    double e = Math.exp(g[at] - max);
                    g[at] = e;
                    sum += e;
                    targetSum += targets.get(i, c);
                }
                for (int i = 0, at = c; i < n; i++, at += batch) {
                    g[at] = weight * ((g[at] / sum) * targetSum - targets.get(i, c));
                }
            }
        } else {
            throw new IllegalStateException("output-layer pass: no gradient for the loss " + loss);
        }
    }
}
