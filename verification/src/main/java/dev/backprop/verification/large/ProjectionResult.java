package dev.backprop.verification.large;

import java.util.Locale;

/**
 * The outcome of a {@link ProjectionCheck}.
 *
 * @param passed           every projection within its tolerance
 * @param projections      m, the number of rank-one directions drawn: the least with 2^c·(¾)ᵐ ≤ δ, c the kink groups
 * @param missProbability  δ: an error vector with an entry above {@link #detectable()} passes with at most this
 *                         probability over the seed
 * @param roundingScale    ρ, the submission's precision factor (1 float64, 2²⁹ float32)
 * @param tolerance        T, the same for every projection
 * @param worstScaledError max over the projections of |⟨g, u⟩ − D_uℓ| / T (threshold 1)
 * @param worstProjection  which projection (0-based, in drawing order) had that error
 * @param claimed          ⟨g, u⟩ there
 * @param directional      D_uℓ there, for the choice of sides kept
 * @param failing          how many projections exceeded T
 * @param kinkGroups       c, the groups of pre-activations on a kink within rounding
 * @param sides            the joint choice of sides kept (bit q: group q above 0); 0 without kinks
 * @param seed             the seed of the directions: the same seed replays the same check
 */
public record ProjectionResult(boolean passed, int projections, double missProbability, double roundingScale,
        double tolerance, double worstScaledError, int worstProjection, double claimed, double directional,
        int failing, int kinkGroups, int sides, long seed) {

    /** 2T: the size of error entry that m projections miss with probability at most δ. */
    public double detectable() {
        return 2 * tolerance;
    }

    /** One line, e.g. {@code "projections pass: m=49 δ=1.0e-06 … worst scaled error 0.0031 (T=2.1e-12, projection 3)"}. */
    public String describe() {
        String head = String.format(Locale.ROOT, "m=%d δ=%.1e ρ=%s seed=%d kink groups=%d", projections,
                missProbability, roundingScale, seed, kinkGroups);
        if (passed) {
            return String.format(Locale.ROOT, "projections pass: %s; worst scaled error %.3g (T=%.3g, projection %d)",
                    head, worstScaledError, tolerance, worstProjection);
        }
        return String.format(Locale.ROOT, "projections FAIL: %s; %d of %d exceed T; worst, projection %d: "
                + "⟨g,u⟩=%.17g, D_uℓ=%.17g, |difference|=%.3g, T=%.3g, scaled error %.3g", head, failing, projections,
                worstProjection, claimed, directional, Math.abs(claimed - directional), tolerance, worstScaledError);
    }
}
