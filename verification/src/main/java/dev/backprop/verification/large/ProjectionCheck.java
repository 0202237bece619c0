package dev.backprop.verification.large;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.RankOneDirections;
import dev.backprop.verification.numeric.Tolerances;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A claimed gradient g of a model too large for a full Jacobian, checked along m random directions u, each rank one
 * on every weight matrix ({@link RankOneDirections}: U_k = a_k b_kᵀ on W_k, c_k on b_k, every a, b, c a vector of
 * independent uniform signs, from a seeded {@link SplittableRandom}): ⟨g, u⟩ is compared with the directional
 * derivative D_uℓ = ⟨∇ℓ, u⟩ of forward-mode AD ({@link DirectionalDerivative}) by the rounding rule. Every entry of
 * such a u is ±1, as for a dense Rademacher direction, but its tangent U_k s = a_k (b_kᵀ s) costs n_k + n_{k−1}
 * operations per sample instead of n_k·n_{k−1}: at (784, 512, 10) the dense directions cost a 512×784 by 784×B
 * product each, the rank-one ones only W_2 ṡ₁ (10×512 by 512×B) beyond a few vector operations. Cost: one
 * {@link DeepGauges} pass, one forward pass, and m cheap tangent passes, all m directions batched together.
 *
 * <h2>The tolerance (deterministic)</h2>
 * With G the gradient gauge of {@link DeepGauges} (numerator layout, flattened), K its accumulation length, K_D the
 * oracle's ({@link DirectionalDerivative#k()}), ρ the submission's precision factor ({@code roundingScale}: 1 for
 * float64, 2²⁹ for float32), P the number of parameters and D the additions of the inner product
 * ({@link RankOneInnerProducts}), a projection passes when
 * <pre>
 *   |⟨g, u⟩ − D_uℓ| ≤ T = ε·(ρ·K + K_D)·Σ_i G_i|u_i|  +  ε·D·Σ_i |g_i|  +  (ρ·K + K_D + D)·P·η
 * </pre>
 * (ε = 2⁻⁵², η = 2⁻¹⁰⁷⁴), term by term:
 * <ul>
 *   <li>a submission right to rounding has |g_i − ∂ℓ/∂θ_i| ≤ ρ·ε·K·G_i + K·η per entry (the rounding rule of
 *       {@link Tolerances#scaledRoundingError}, scaled by ρ), so |⟨g, u⟩ − ⟨∇ℓ, u⟩| ≤ ρ·ε·K·Σ G_i|u_i| + ρ·K·P·η;</li>
 *   <li>the oracle: |D_uℓ − ⟨∇ℓ, u⟩| ≤ ε·K_D·Σ G_i|u_i| to first order ({@link DirectionalDerivative}; the rank-one
 *       tangent b_kᵀ s sums the same products |u_il||s_l| as the dense one, in a shorter chain);</li>
 *   <li>the inner product itself: u_i = ±1, so every product g_i·u_i is exact, and the sums are chunked and pairwise
 *       ({@link RankOneInnerProducts}), each term passing at most D additions: rounding ≤ γ_D·Σ|g_i| ≤ ε·D·Σ|g_i|.</li>
 * </ul>
 * Every entry of a rank-one u is a_i·b_l = ±1, so Σ G_i|u_i| = ‖G‖₁: T is the same for every direction, known before
 * any is drawn, and ‖G‖₁ is {@link DeepGauges#gradientNorm()}, summed without building G. (The norms are themselves
 * computed in floating point; their relative rounding, a few ε·(B + n_k) at most, changes T in the second order only.)
 *
 * <h2>What it catches, and with what probability</h2>
 * Let e = g − ∇ℓ. The computed difference is ⟨e, u⟩ plus the oracle's and the inner product's rounding, together at
 * most T (the ρ·K part of T is the slack a right submission needs and a wrong one does not get to use). So a
 * projection with |⟨e, u⟩| &gt; 2T fails. If ‖e‖∞ &gt; 2T, at most three quarters of all directions have
 * |⟨e, u⟩| ≤ 2T (flip the two signs that multiply the largest |e_j| — a_i and b_l for an entry of W_k, c_i for an entry
 * of b_k: of the four, or two, values so reached, one has |⟨e, u⟩| ≥ |e_j| &gt; 2T; see
 * {@link Tolerances#DEFAULT_MISS_PROBABILITY}), so m projections all pass with probability ≤ (¾)ᵐ:
 * <b>every error vector with an entry larger than 2T is rejected except with probability ≤ δ</b> for
 * m = ⌈log(1/δ)/log(4/3)⌉ = {@link Tolerances#DEFAULT_PROJECTIONS} at δ = 10⁻⁶. Errors smaller than 2T in every
 * entry may pass: 2T ≈ ε·K·‖G‖₁ is the sum of the entries' rounding bounds, the price of judging P entries through m
 * numbers. A single wrong entry is caught by every projection: ⟨e, u⟩ = ±e_j.
 *
 * <h2>Kinks</h2>
 * Where c groups of kinked pre-activations are 0 within rounding ({@link DeepGauges#kinkGroups()}), a correct
 * implementation may take either side in each; D_uℓ is computed for all 2^c joint choices (forced slopes,
 * {@link DirectionalDerivative#forcedSlopes}) and g is judged against the choice whose worst scaled error over the
 * m projections is least, the same choice for every projection, as {@code DeepGradientChecks.bestFit} does for full
 * gradients. A wrong g then passes if any of the 2^c choices fits, with probability ≤ 2^c·(¾)ᵐ (union bound), so
 * m is the least with 2^c·(¾)ᵐ ≤ δ ({@link #projections(double, int)}): about 2.4 more projections per group. More
 * than {@link Tolerances#MAX_KINK_SAMPLES} groups: {@link CannotJudge}.
 */
public final class ProjectionCheck {
    private ProjectionCheck() {
    }

    /** {@link #check(DeepNetwork, Batch, Objective, DeepGradient, long, double, double)} with δ = 10⁻⁶, ρ = 1. */
    public static ProjectionResult check(DeepNetwork network, Batch batch, Objective objective, DeepGradient claimed,
            long seed) {
        return check(network, batch, objective, claimed, seed, Tolerances.DEFAULT_MISS_PROBABILITY, 1.0);
    }

    /**
     * Checks {@code claimed} (either layout, the network's shapes) along {@link #projections(double, int)} rank-one
     * directions drawn by {@link RankOneDirections#draw} from {@code new SplittableRandom(seed)}, c the groups of
     * rounding kinks (class comment). Nothing is modified.
     *
     * @param missProbability δ ∈ (0, 1): the probability of passing a gradient with an error entry above
     *                        {@link ProjectionResult#detectable()}
     * @param roundingScale   ρ ≥ 1, the submission's unit roundoff over double's: 1 (float64) or 2²⁹ (float32)
     * @throws CannotJudge if more than {@link Tolerances#MAX_KINK_SAMPLES} groups of pre-activations sit on a kink
     */
    public static ProjectionResult check(DeepNetwork network, Batch batch, Objective objective, DeepGradient claimed,
            long seed, double missProbability, double roundingScale) {
        if (!(missProbability > 0 && missProbability < 1)) {
            throw new IllegalArgumentException("a miss probability is in (0, 1), got " + missProbability);
        }
        if (!(roundingScale >= 1 && roundingScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a rounding scale is finite and at least 1, got " + roundingScale);
        }
        objective.requireFits(network, batch);
        claimed.requireFits(network);
        DeepParameters layout = DeepParameters.of(network);
        double[] g = layout.flatten(claimed);
        DeepGauges gauges = DeepGauges.of(network, batch, objective);
        List<List<int[]>> groups = gauges.kinkGroups();
        DirectionalDerivative oracle = DirectionalDerivative.of(network, batch, objective);
        int count = layout.count();
        int m = projections(missProbability, groups.size());
        RankOneDirections directions = RankOneDirections.draw(network, m, new SplittableRandom(seed));
        double tolerance = tolerance(gauges.gradientNorm(), Sums.absolute(g), count,
                RankOneInnerProducts.depth(directions), gauges.k(), oracle.k(), roundingScale);
        int patterns = 1 << groups.size();
        double[] claimedAlong = RankOneInnerProducts.of(g, directions);
        double[][] exactAlong = new double[patterns][];
        for (int p = 0; p < patterns; p++) {
            exactAlong[p] = oracle.along(directions, groups.isEmpty() ? null
                    : DirectionalDerivative.forcedSlopes(network, batch.size(), groups, p));
        }
        // the joint choice of sides that fits every projection best: one choice for the whole case
        int best = 0;
        double bestWorst = Double.POSITIVE_INFINITY;
        for (int p = 0; p < patterns; p++) {
            double worst = 0.0;
            for (int j = 0; j < m; j++) {
                worst = Math.max(worst, scaled(claimedAlong[j], exactAlong[p][j], tolerance));
            }
            if (worst < bestWorst) {
                bestWorst = worst;
                best = p;
            }
        }
        int worstAt = 0;
        int failing = 0;
        for (int j = 0; j < m; j++) {
            double e = scaled(claimedAlong[j], exactAlong[best][j], tolerance);
            failing += e > Tolerances.ROUNDING_THRESHOLD ? 1 : 0;
            if (e > scaled(claimedAlong[worstAt], exactAlong[best][worstAt], tolerance)) {
                worstAt = j;
            }
        }
        return new ProjectionResult(failing == 0, m, missProbability, roundingScale, tolerance, bestWorst, worstAt,
                claimedAlong[worstAt], exactAlong[best][worstAt], failing, groups.size(), best, seed);
    }

    /** {@link #projections(double, int)} with no kink groups: m = ⌈log(1/δ)/log(4/3)⌉. */
    public static int projections(double missProbability) {
        return projections(missProbability, 0);
    }

    /**
     * The least m with 2^c·(¾)ᵐ ≤ δ: the rank-one projections that miss an error entry above 2T with probability ≤ δ
     * when c groups of rounding kinks are each judged on their best side (class comment). (¾)ᵐ is computed by
     * {@link Math#pow}, within an ulp: only a δ within an ulp of (¾)ᵐ/2^c could be given the neighbouring m.
     */
    public static int projections(double missProbability, int kinkGroups) {
        if (!(missProbability > 0 && missProbability < 1)) {
            throw new IllegalArgumentException("a miss probability is in (0, 1), got " + missProbability);
        }
        if (kinkGroups < 0 || kinkGroups > Tolerances.MAX_KINK_SAMPLES) {
            throw new IllegalArgumentException("kink groups in [0, " + Tolerances.MAX_KINK_SAMPLES + "], got "
                    + kinkGroups);
        }
        int m = 1;
        while (Math.scalb(Math.pow(0.75, m), kinkGroups) > missProbability) {
            m++;
        }
        return m;
    }

    /**
     * {@link #tolerance(double, double, int, int, int, int, double)} for an inner product summed pairwise over all of
     * θ, D = ⌈log₂ P⌉: the bound of {@link #innerProduct} with a dense Rademacher direction.
     */
    public static double tolerance(double gaugeNorm, double claimedNorm, int count, int k, int kDirectional,
            double roundingScale) {
        return tolerance(gaugeNorm, claimedNorm, count, Sums.levels(count), k, kDirectional, roundingScale);
    }

    /**
     * T = ε·(ρ·K + K_D)·‖G‖₁ + ε·D·‖g‖₁ + (ρ·K + K_D + D)·P·η (class comment).
     *
     * @param gaugeNorm    ‖G‖₁ = Σ_i G_i|u_i| for a u of entries ±1
     * @param claimedNorm  ‖g‖₁, the bound of the inner product's rounding
     * @param count        P
     * @param additions    D, the most additions a term of the inner product ⟨g, u⟩ passes
     * @param k            K of the gauges (the submission's accumulation length)
     * @param kDirectional K_D of the oracle
     * @param roundingScale ρ
     */
    public static double tolerance(double gaugeNorm, double claimedNorm, int count, int additions, int k,
            int kDirectional, double roundingScale) {
        double lengths = roundingScale * k + kDirectional;
        return Tolerances.EPSILON * (lengths * gaugeNorm + additions * claimedNorm)
                + (lengths + additions) * count * Double.MIN_VALUE;
    }

    /** ⟨a, u⟩ for a Rademacher u, pairwise (every product is exact): the inner product the tolerance assumes. */
    public static double innerProduct(double[] a, double[] u) {
        if (a.length != u.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + u.length + " entries");
        }
        double[] terms = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            terms[i] = a[i] * u[i];
        }
        return Sums.pairwise(terms);
    }

    /** {@code count} independent entries ±1 with probability ½ each, the next draws of {@code random}. */
    public static double[] rademacher(SplittableRandom random, int count) {
        double[] u = new double[count];
        for (int i = 0; i < count; i++) {
            u[i] = random.nextBoolean() ? 1.0 : -1.0;
        }
        return u;
    }

    /** |c − e| / T; 0 when equal, infinite for a NaN. */
    private static double scaled(double claimed, double exact, double tolerance) {
        double diff = Math.abs(claimed - exact);
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        return diff == 0.0 ? 0.0 : diff / tolerance;
    }
}
