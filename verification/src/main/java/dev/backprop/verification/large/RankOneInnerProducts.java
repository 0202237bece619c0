package dev.backprop.verification.large;

import dev.backprop.verification.numeric.RankOneDirections;
import java.util.Arrays;

/**
 * ⟨g, u⟩ of a flat vector g over θ (the claimed gradient) with each rank-one direction u of a
 * {@link RankOneDirections}, and the bound of that computation's rounding. Per layer and direction,
 * <pre>
 *   ⟨G_k, a bᵀ⟩ = Σ_i a_i (Σ_l G_k,il b_l)      ⟨g_{b_k}, c⟩ = Σ_i c_i g_{b_k},i
 * </pre>
 * then the 2L block sums pairwise. Every product by a ±1 is exact, so only additions round. The row sums
 * Σ_l G_il b_l are computed for all m directions at once (the direction index innermost, an axpy of length m), in
 * chunks of {@link #CHUNK} terms summed left to right, the chunks then added left to right; the sums over i and over
 * the blocks are pairwise. A term therefore passes at most
 * <pre>
 *   D = max_k [(min(C, n_{k−1}) − 1) + (⌈n_{k−1}/C⌉ − 1) + ⌈log₂ n_k⌉] + ⌈log₂ 2L⌉
 * </pre>
 * additions (C = {@link #CHUNK}; the bias sums are shorter), and the computed ⟨g, u⟩ is within γ_D·Σ|g_i| ≤
 * ε·D·‖g‖₁ of the exact one (Higham, §3.1; γ_D = D·u/(1 − D·u) ≤ ε·D while D·u ≤ ½, u = ε/2). For (784, 512, 10):
 * D = 31 + 24 + 9 + 2 = 66, against ⌈log₂ P⌉ = 19 for a pairwise sum over all of θ, which would cost a pass over
 * θ per direction; a plain left-to-right row sum would give D = 794.
 */
final class RankOneInnerProducts {
    /** Terms summed left to right before a chunk is added to its row's sum: 32 keeps D near 2√n. */
    static final int CHUNK = 32;

    private RankOneInnerProducts() {
    }

    /** ⟨g, u_j⟩ for j = 0 … m − 1; g in {@code DeepParameters}' order. Nothing is modified. */
    static double[] of(double[] g, RankOneDirections directions) {
        int m = directions.size();
        int depth = directions.depth();
        int count = 0;
        for (int k = 1; k <= depth; k++) {
            count += directions.width(k) * (directions.width(k - 1) + 1);
        }
        if (count != g.length) {
            throw new IllegalArgumentException("a vector over θ has " + count + " entries, got " + g.length);
        }
        double[][] blocks = new double[m][2 * depth];
        double[] chunk = new double[m];
        int offset = 0;
        for (int k = 1; k <= depth; k++) {
            int in = directions.width(k - 1);
            int out = directions.width(k);
            double[] a = directions.a(k);
            double[] b = directions.b(k);
            double[] c = directions.c(k);
            double[] rows = new double[out * m];
            for (int i = 0; i < out; i++) {
                int row = offset + i * in;
                int ri = i * m;
                for (int l0 = 0; l0 < in; l0 += CHUNK) {
                    Arrays.fill(chunk, 0.0);
                    for (int l = l0; l < Math.min(in, l0 + CHUNK); l++) {
                        double x = g[row + l];
                        int bl = l * m;
                        for (int j = 0; j < m; j++) {
                            chunk[j] += x * b[bl + j];
                        }
                    }
                    for (int j = 0; j < m; j++) {
                        rows[ri + j] += chunk[j];
                    }
                }
            }
            offset += out * in;
            double[] terms = new double[out];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < out; i++) {
                    terms[i] = a[i * m + j] * rows[i * m + j];
                }
                blocks[j][2 * (k - 1)] = Sums.pairwise(terms);
                for (int i = 0; i < out; i++) {
                    terms[i] = c[i * m + j] * g[offset + i];
                }
                blocks[j][2 * (k - 1) + 1] = Sums.pairwise(terms);
            }
            offset += out;
        }
        double[] along = new double[m];
        for (int j = 0; j < m; j++) {
            along[j] = Sums.pairwise(blocks[j]);
        }
        return along;
    }

    /** D, the most additions a term of {@link #of} passes (class comment). */
    static int depth(RankOneDirections directions) {
        int layers = directions.depth();
        int worst = 0;
        for (int k = 1; k <= layers; k++) {
            int in = directions.width(k - 1);
            int row = (Math.min(CHUNK, in) - 1) + ((in + CHUNK - 1) / CHUNK - 1);
            worst = Math.max(worst, row + Sums.levels(directions.width(k)));
        }
        return worst + Sums.levels(2 * layers);
    }
}
