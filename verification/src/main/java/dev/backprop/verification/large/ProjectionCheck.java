package dev.backprop.verification.large;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import dev.backprop.verification.numeric.CannotJudge;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.Tolerances;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A claimed gradient g of a model too large for a full Jacobian, checked along m random directions: for each
 * Rademacher direction u (entries ±1, independent, from a seeded {@link SplittableRandom}) the inner product
 * ⟨g, u⟩ is compared with the directional derivative D_uℓ = ⟨∇ℓ, u⟩ of forward-mode AD
 * ({@link DirectionalDerivative}, O(B·P) each) by the rounding rule. Cost: one {@link DeepGauges} pass, one forward
 * pass and m tangent passes — a few forward passes' worth per direction — instead of P of them.
 *
 * <h2>The tolerance (deterministic)</h2>
 * With G the gradient gauge of {@link DeepGauges} (numerator layout, flattened), K its accumulation length, K_D the
 * oracle's ({@link DirectionalDerivative#k()}), ρ the submission's precision factor ({@code roundingScale}: 1 for
 * float64, 2²⁹ for float32) and P the number of parameters, a projection passes when
 * <pre>
 *   |⟨g, u⟩ − D_uℓ| ≤ T = ε·(ρ·K + K_D)·Σ_i G_i|u_i|  +  ε·⌈log₂ P⌉·Σ_i |g_i|  +  (ρ·K + K_D + ⌈log₂ P⌉)·P·η
 * </pre>
 * (ε = 2⁻⁵², η = 2⁻¹⁰⁷⁴), term by term:
 * <ul>
 *   <li>a submission right to rounding has |g_i − ∂ℓ/∂θ_i| ≤ ρ·ε·K·G_i + K·η per entry (the rounding rule of
 *       {@link Tolerances#scaledRoundingError}, scaled by ρ), so |⟨g, u⟩ − ⟨∇ℓ, u⟩| ≤ ρ·ε·K·Σ G_i|u_i| + ρ·K·P·η;</li>
 *   <li>the oracle: |D_uℓ − ⟨∇ℓ, u⟩| ≤ ε·K_D·Σ G_i|u_i| to first order ({@link DirectionalDerivative});</li>
 *   <li>the inner product itself: u_i = ±1, so every product g_i·u_i is exact, and the sum is pairwise, whose
 *       rounding is at most γ_{⌈log₂ P⌉}·Σ|g_i| ≤ ε·⌈log₂ P⌉·Σ|g_i| (γ_n = n·u/(1 − n·u), u = ε/2) — not ε·P·Σ|g_i|
 *       as a left-to-right sum would need, which at P = 4·10⁵ would loosen T two-hundredfold.</li>
 * </ul>
 * For Rademacher u, Σ G_i|u_i| = ‖G‖₁: T is the same for every direction, known before any is drawn. (The norms
 * are themselves summed pairwise; their relative rounding, ε·log₂ P, changes T in the second order only.)
 *
 * <h2>What it catches, and with what probability</h2>
 * Let e = g − ∇ℓ. The computed difference is ⟨e, u⟩ plus the oracle's and the inner product's rounding, together at
 * most T (the ρ·K part of T is the slack a right submission needs and a wrong one does not get to use). So a
 * projection with |⟨e, u⟩| &gt; 2T fails. If ‖e‖∞ &gt; 2T, at most half of all sign vectors have |⟨e, u⟩| ≤ 2T
 * (flip the sign at the largest |e_j|: the two values differ by 2|e_j| &gt; 4T; see
 * {@link Tolerances#DEFAULT_MISS_PROBABILITY}), so m projections all pass with probability ≤ 2⁻ᵐ:
 * <b>every error vector with an entry larger than 2T is rejected except with probability ≤ δ</b> for
 * m = ⌈log₂(1/δ)⌉. Errors smaller than 2T in every entry may pass: 2T ≈ ε·K·‖G‖₁ is the sum of the entries'
 * rounding bounds, the price of judging P entries through m numbers.
 *
 * <h2>Kinks</h2>
 * Where c groups of kinked pre-activations are 0 within rounding ({@link DeepGauges#kinkGroups()}), a correct
 * implementation may take either side in each; D_uℓ is computed for all 2^c joint choices (forced slopes,
 * {@link DirectionalDerivative#forcedSlopes}) and g is judged against the choice whose worst scaled error over the
 * m projections is least, the same choice for every projection, as {@code DeepGradientChecks.bestFit} does for full
 * gradients. A wrong g then passes if any of the 2^c choices fits, with probability ≤ 2^c·2⁻ᵐ (union bound), so c
 * projections are added: m = ⌈log₂(1/δ)⌉ + c keeps the miss probability at δ. More than
 * {@link Tolerances#MAX_KINK_SAMPLES} groups: {@link CannotJudge}.
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
     * Checks {@code claimed} (either layout, the network's shapes) along ⌈log₂(1/δ)⌉ + c Rademacher directions drawn
     * from {@code new SplittableRandom(seed)}, c the groups of rounding kinks (class comment). Nothing is modified.
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
        double tolerance = tolerance(Sums.absolute(layout.flatten(gauges.gradient())), Sums.absolute(g), count,
                gauges.k(), oracle.k(), roundingScale);
        int m = projections(missProbability) + groups.size();
        int patterns = 1 << groups.size();
        double[][][][] slopes = new double[patterns][][][];
        for (int p = 0; p < patterns; p++) {
            slopes[p] = groups.isEmpty() ? null : DirectionalDerivative.forcedSlopes(network, batch.size(), groups, p);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] claimedAlong = new double[m];
        double[][] exactAlong = new double[patterns][m];
        double[] terms = new double[count];
        for (int j = 0; j < m; j++) {
            double[] u = rademacher(random, count);
            for (int i = 0; i < count; i++) {
                terms[i] = g[i] * u[i];
            }
            claimedAlong[j] = Sums.pairwise(terms);
            for (int p = 0; p < patterns; p++) {
                exactAlong[p][j] = oracle.along(u, slopes[p]);
            }
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

    /** m = ⌈log₂(1/δ)⌉, the projections that miss an error entry above 2T with probability ≤ δ (no kinks). */
    public static int projections(double missProbability) {
        if (!(missProbability > 0 && missProbability < 1)) {
            throw new IllegalArgumentException("a miss probability is in (0, 1), got " + missProbability);
        }
        int m = (int) Math.ceil(-Math.log(missProbability) / Math.log(2.0));
        // log₂ in floating point may land a hair above an exact integer: keep the least m with 2⁻ᵐ ≤ δ
        while (m > 1 && Math.scalb(1.0, -(m - 1)) <= missProbability) {
            m--;
        }
        while (Math.scalb(1.0, -m) > missProbability) {
            m++;
        }
        return Math.max(m, 1);
    }

    /**
     * T = ε·(ρ·K + K_D)·‖G‖₁ + ε·⌈log₂ P⌉·‖g‖₁ + (ρ·K + K_D + ⌈log₂ P⌉)·P·η (class comment).
     *
     * @param gaugeNorm   ‖G‖₁ = Σ_i G_i|u_i| for a Rademacher u
     * @param claimedNorm ‖g‖₁, the bound of the inner product's rounding
     * @param count       P
     * @param k           K of the gauges (the submission's accumulation length)
     * @param kDirectional K_D of the oracle
     * @param roundingScale ρ
     */
    public static double tolerance(double gaugeNorm, double claimedNorm, int count, int k, int kDirectional,
            double roundingScale) {
        double lengths = roundingScale * k + kDirectional;
        int levels = Sums.levels(count);
        return Tolerances.EPSILON * (lengths * gaugeNorm + levels * claimedNorm)
                + (lengths + levels) * count * Double.MIN_VALUE;
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
