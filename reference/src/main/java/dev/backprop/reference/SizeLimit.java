package dev.backprop.reference;

import java.util.Arrays;
import java.util.Locale;

/**
 * The size limit of the two backprops: how many Jacobian entries a call would materialise, counted from the
 * shapes before anything is allocated, and the refusal above {@link ReferenceDeepBackprop#MAX_JACOBIAN_ENTRIES}.
 * The reference is naive on purpose (every Jacobian, ∂z/∂W = I ⊗ s included, built entry by entry from its δ-sum),
 * so its time and memory grow as those entries: refusing up front replaces an hours-long run or an
 * {@link OutOfMemoryError} with one clear message.
 *
 * <p>Counts are doubles: exact up to 2⁵³, and beyond that still far above the limit, so no shape overflows them.
 */
final class SizeLimit {
    private SizeLimit() {
    }

    /**
     * Entries of the Jacobians {@link ReferenceDeepBackprop#gradient} materialises for one sample of a network of
     * widths n_0 … n_L: ∂ℓ_b/∂ŷ (n_L); for each hidden layer k &lt; L, ∂z_{k+1}/∂s_k (n_{k+1}·n_k) and ∂s_k/∂z_k
     * (n_k²); for each layer k, ∂z_k/∂W_k (n_k·n_{k−1}·n_k) and ∂z_k/∂b_k (n_k²).
     */
    static double deepPerSample(int[] widths) {
        int depth = widths.length - 1;
        double entries = widths[depth];
        for (int k = 1; k <= depth; k++) {
            double out = widths[k];
            double in = widths[k - 1];
            entries += out * in * out + out * out;
            if (k < depth) {
                entries += (double) widths[k + 1] * out + out * out;
            }
        }
        return entries;
    }

    /**
     * Entries of the Jacobians {@link ReferenceBackprop} materialises for one sample of a (d, h, n) network: ∂ℓ/∂r
     * (n), ∂r/∂s (n·h), ∂s/∂z (h²), then for the split gradient ∂z/∂W⁽¹⁾ (h·d·h), ∂z/∂b₁ (h²), ∂r/∂W⁽²⁾ (n·h·n),
     * ∂r/∂b₂ (n²), or for the augmented one ∂z/∂W̃⁽¹⁾ (h·(d+1)·h) and ∂r/∂W̃⁽²⁾ (n·(h+1)·n).
     */
    static double shallowPerSample(int d, int h, int n, boolean augmented) {
        double dd = d;
        double hh = h;
        double nn = n;
        double chain = nn + nn * hh + hh * hh;
        return augmented ? chain + hh * (dd + 1) * hh + nn * (hh + 1) * nn
                : chain + hh * dd * hh + hh * hh + nn * hh * nn + nn * nn;
    }

    /**
     * Refuses a call that would materialise more than {@link ReferenceDeepBackprop#MAX_JACOBIAN_ENTRIES} entries.
     *
     * @param who       the method refusing, e.g. "ReferenceDeepBackprop.gradient"
     * @param widths    the network's widths n_0 … n_L, named in the message
     * @param samples   B, the batch size
     * @param perSample the entries of one sample
     * @throws IllegalArgumentException saying what was asked, the limit, and what to use instead
     */
    static void require(String who, int[] widths, int samples, double perSample) {
        double entries = perSample * samples;
        if (entries > ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: widths %s with a batch of %d would "
                    + "materialise %.3g Jacobian entries (%.3g per sample), above the reference's limit of %,d "
                    + "(2^26); the reference is naive on purpose: use the optimized implementation "
                    + "(dev.backprop.optimized) or the large-model checks (random projections, Taylor remainder) "
                    + "for a model this size", who, Arrays.toString(widths), samples, entries, perSample,
                    ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES));
        }
    }
}
