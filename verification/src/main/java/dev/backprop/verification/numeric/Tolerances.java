package dev.backprop.verification.numeric;

/**
 * Every threshold the suite judges by, in one place (DESIGN.md §4). Nothing here is tuned per test: each
 * number is derived below, and each comparison reports its scaled error so the margin is visible.
 *
 * <h2>Rounding comparisons (two computations that should agree to rounding)</h2>
 * A computed value c and a reference value e are judged by the scaled error
 * <pre>  |c − e| / (ε · K · gauge + K · η)</pre>
 * where ε = 2⁻⁵² is the spacing of doubles at 1, gauge is the same computation carried out on magnitudes
 * (for a product Σ_k |a_ik||b_kj|, through the whole chain for a gradient, see {@link Gauges}) and K is the
 * length of the longest accumulation in the computation plus {@link #ELEMENTARY_OPERATIONS}. The first-order
 * worst-case rounding bound of such a computation is K·ε·gauge (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1: |fl(Σ) − Σ| ≤ γ_K Σ|terms|), so a scaled error above {@link #ROUNDING_THRESHOLD} = 1
 * cannot be rounding. Real rounding errors grow like √K and sit far below 1; a real bug (a transpose, a
 * dropped factor) gives a scaled error of order 1/ε. η = 2⁻¹⁰⁷⁴ covers results in the subnormal range, where
 * errors are absolute ({@link #UNDERFLOW_GAUGE}). Deep networks use the same rule with {@link DeepGauges}.
 *
 * <h2>Finite-difference comparisons</h2>
 * The derivative of f along one parameter is taken by commons-math3's centred 5-point and 3-point stencils
 * with step {@link #finiteDifferenceStep(double)}. The 5-point value D5 is the estimate. Its error is estimated
 * (not bounded: no a-priori bound on f's higher derivatives is at hand) by |D5 − D3|, the 3-point truncation,
 * which dominates the 5-point one for a step this small, plus the rounding bound
 * {@link #CENTRED_STENCIL_WEIGHT} · δf / h (δf is the rounding bound of one evaluation of f, {@link Gauges}).
 * Near a ReLU kink the one-sided stencils of {@link FiniteDifferences} are used instead, with rounding bound
 * {@link #ONE_SIDED_STENCIL_WEIGHT} · δf / h and no truncation (the loss is piecewise quadratic there).
 * An analytic value g is judged by |g − D5| / (that estimate + ε·K·gauge of g); above
 * {@link #FINITE_DIFFERENCE_THRESHOLD} = 1 it is outside what the difference quotient can tell apart from the
 * truth. Deep networks ({@link DeepFiniteDifferences}) validate the step as well — two 5-point values at h and
 * h/2 must agree better than the 3-point one does ({@link #SMOOTHNESS_ROUNDING_ALLOWANCE}) — and difference
 * each sample with its ReLU units held on their pieces, so no stencil straddles a kink. The false-alarm rate of
 * these estimates is measured, not assumed: see the README's campaign figures.
 */
public final class Tolerances {
    /** ε = 2⁻⁵², the spacing of doubles at 1 (twice the unit roundoff). */
    public static final double EPSILON = Math.ulp(1.0);

    /**
     * Operations outside the accumulations that each add at most a few ε to a gradient entry: a transcendental
     * function (Math.exp, log1p, Math.tanh within 1 ulp; optimized's FastTanh within 2ε relative, ≤ 4 ulps), σ'
     * computed from σ, the residual subtraction, the ½. 16 covers them with room; added to K, never multiplied in.
     */
    public static final int ELEMENTARY_OPERATIONS = 16;

    /** Scaled error above which a rounding comparison fails: the a-priori first-order bound itself. */
    public static final double ROUNDING_THRESHOLD = 1.0;

    /** Scaled error above which a finite-difference comparison fails: the method's own error bound. */
    public static final double FINITE_DIFFERENCE_THRESHOLD = 1.0;

    /**
     * Base finite-difference step 2⁻¹², scaled by max(1, |θ|): for |θ| ≤ 1 the step is a power of two, so the
     * stencil points θ ± h, θ ± 2h are exact; for larger θ the step is relative, and the stencil points carry a
     * relative error of at most ε, far below the step. It balances the 5-point truncation O(h⁴) against rounding
     * O(ε/h) for parameters of order 1, and keeps the 3-point truncation (the error estimate) above rounding.
     */
    public static final double FINITE_DIFFERENCE_BASE_STEP = 0x1p-12;

    /**
     * The most independent choices of side at the ReLU rounding kinks enumerated for one case — per hidden unit in
     * the shallow network, for the whole case in a deep one (a point whose pre-activation is 0 within rounding may
     * take either one-sided slope; points of one unit whose every term is surely 0 count once together): 2^k exact
     * gradients are compared, 6 keeps that at 64. A case with more is reported as one the suite cannot judge, an
     * error of the suite's reach, never as a failure of the implementation.
     */
    public static final int MAX_KINK_SAMPLES = 6;

    /**
     * How far, in steps, a ReLU kink must stay from the point for the centred stencil (which reaches 2h) to
     * be used unchanged; a nearer kink shrinks the step to its distance over this. 2.5 leaves half a step of
     * clearance beyond the stencil's reach.
     */
    public static final double KINK_CLEARANCE_STEPS = 2.5;

    /**
     * How many times a deep network's finite-difference step may be halved to reach the scale on which the
     * function is smooth ({@link DeepFiniteDifferences}): 24 halvings take it from 2⁻¹² to 2⁻³⁶ of max(1, |θ|).
     * The rounding term of the bound doubles with each halving, and the step kept is the one whose whole error
     * estimate is least, so halving never loosens the judgement; a (coordinate, sample) pair that no step
     * resolves within the limit is not judged by finite differences and is left to forward-mode AD.
     */
    public static final int MAX_STEP_HALVINGS = 24;

    /**
     * How far, over a deep network's finite-difference stencil, a curved unit's pre-activation (tanh, logistic,
     * softplus) or a softmax logit may move for the step to count as resolving the function: ¼. These functions
     * bend on a scale of 1 in z (|σ''| ≤ 0.77, softmax's curvature ≤ ½ per logit difference), so over ¼ the
     * Taylor series of the loss along the step converges fast and the stencils' truncation estimates mean what
     * they say; a stencil that moves a unit by more may straddle a saturating turn and report a chord.
     */
    public static final double RESOLVED_PREACTIVATION_CHANGE = 0.25;

    /**
     * The smoothness test of a deep network's finite differences accepts a step h when
     * |D5(h) − D5(h/2)| ≤ {@link #ASYMPTOTIC_RATIO}·|D5(h/2) − D3(h/2)| + this many times the rounding term at
     * h/2: D5(h/2) carries that rounding and D5(h) half of it, so on a perfectly smooth function their
     * difference can reach 1.5 times it; 2 covers that.
     */
    public static final double SMOOTHNESS_ROUNDING_ALLOWANCE = 2.0;

    /**
     * In the asymptotic regime, with the function varying on a scale L, the 5-point stencil's error is c₅h⁴ and
     * the 3-point one's c₃h², c₅/c₃ ~ 1/L², so |D5(h) − D5(h/2)| / |D5(h/2) − D3(h/2)| ≈ (15/4)(h/L)². Requiring
     * at most 1/4 accepts steps up to about L/4 — the stencil resolves the function — and refuses the
     * pre-asymptotic steps where a steep function makes D3 so wrong that any 5-point pair would look consistent.
     */
    public static final double ASYMPTOTIC_RATIO = 0.25;

    /**
     * Absolute sum of the weights of the second-order one-sided stencil (∓3f(θ) ± 4f(θ ± h) ∓ f(θ ± 2h)) / 2h:
     * (3 + 4 + 1)/2. Times δf/h it bounds the stencil's rounding; on a quadratic piece it has no truncation.
     */
    public static final double ONE_SIDED_STENCIL_WEIGHT = 4.0;

    /** Absolute sum of the weights of the centred 5-point stencil (1, −8, 8, −1)/12. */
    public static final double CENTRED_STENCIL_WEIGHT = 1.5;

    private Tolerances() {
    }

    /**
     * What a gauge adds to a magnitude that an exp-based function (σ, σ', softmax) may have produced below the
     * normal range: η/ε = 2⁻¹⁰²² ({@link Double#MIN_NORMAL}). Below 2⁻¹⁰²² doubles are subnormal and an
     * operation's error is absolute, up to η = 2⁻¹⁰⁷⁴ ({@link Double#MIN_VALUE}), instead of relative; adding η/ε
     * to the magnitude makes ε·K·gauge cover it, and the gauge then carries it through the rest of the
     * computation (a subnormal p multiplied by a large s) like any other rounding. Against a normal magnitude it
     * changes nothing.
     */
    public static final double UNDERFLOW_GAUGE = Double.MIN_NORMAL;

    /**
     * η₃₂/ε₃₂ = 2⁻¹⁴⁹/2⁻²³ = 2⁻¹²⁶ = {@link Float#MIN_NORMAL}: added to every positive gauge of a gradient computed
     * in float32 (case files may declare it), so that the float32-scaled ε·K·gauge covers an entry that float32
     * rounds to a subnormal or to 0 — the float32 counterpart of {@link #UNDERFLOW_GAUGE}
     * ({@code diagnose.RoundingRule}).
     */
    public static final double FLOAT32_UNDERFLOW_GAUGE = Float.MIN_NORMAL;

    /** The step for a parameter currently equal to {@code theta}. */
    public static double finiteDifferenceStep(double theta) {
        return FINITE_DIFFERENCE_BASE_STEP * Math.max(1.0, Math.abs(theta));
    }

    /** K for a computation whose longest accumulation has {@code terms} terms. */
    public static int accumulation(int terms) {
        return terms + ELEMENTARY_OPERATIONS;
    }

    /**
     * The scaled rounding error |c − e| / (ε · K · gauge + K · η), η = 2⁻¹⁰⁷⁴ the absolute error an operation may
     * make in the subnormal range (see {@link #UNDERFLOW_GAUGE}). A gauge of 0 means both sides must be exactly 0
     * (a product of exact zeros has no rounding); any difference there is reported as infinite.
     */
    public static double scaledRoundingError(double computed, double expected, double gauge, int k) {
        double diff = Math.abs(computed - expected);
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        if (diff == 0.0) {
            return 0.0;
        }
        if (!(gauge > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return diff / (EPSILON * k * gauge + k * Double.MIN_VALUE);
    }

    // ---- models too large for a full Jacobian (package dev.backprop.verification.large) ----------------------

    /**
     * The default miss probability δ of a random-projection check (dev.backprop.verification.large.ProjectionCheck):
     * 10⁻⁶. Derivation. Each projection draws a direction u that is rank one on every weight matrix
     * ({@link RankOneDirections}: U_k = a bᵀ on W_k, c on b_k, a, b, c independent uniform signs) and compares
     * ⟨g, u⟩ with D_uℓ within a tolerance T that does not depend on u (every u_i = ±1, so Σ_i G_i|u_i| = ‖G‖₁). Let
     * e = g − ∇ℓ and e_j an entry with |e_j| = ‖e‖∞ &gt; 2T.
     * <ul>
     *   <li>e_j in a weight matrix, at (i, l) of W_k: with every sign but a_i and b_l fixed,
     *       ⟨e, u⟩ = a_i b_l e_j + a_i X + b_l Y + Z (X, Y, Z free of a_i and b_l), and the four choices of
     *       (a_i, b_l) give values f₊₊, f₊₋, f₋₊, f₋₋ with f₊₊ − f₊₋ − f₋₊ + f₋₋ = 4e_j (the flip argument applied
     *       twice), so |f₊₊| + |f₊₋| + |f₋₊| + |f₋₋| ≥ 4|e_j| and at least one of the four has |⟨e, u⟩| ≥ |e_j| &gt; 2T.
     *       These quadruples partition the directions, so P(|⟨e, u⟩| ≤ 2T) ≤ ¾.</li>
     *   <li>e_j in a bias, at i of b_k: flipping c_i alone changes ⟨e, u⟩ by 2e_j, so one of each pair has
     *       |⟨e, u⟩| ≥ |e_j| &gt; 2T, and P(|⟨e, u⟩| ≤ 2T) ≤ ½ ≤ ¾.</li>
     * </ul>
     * The computed difference is ⟨e, u⟩ plus the oracle's and the inner product's rounding, at most T together, so a
     * projection with |⟨e, u⟩| &gt; 2T fails, and m independent projections all pass with probability ≤ (¾)ᵐ. The bound
     * ¾ is attained: e equal to 3T on the four entries (i, l), (i, l'), (i', l), (i', l') of one W_k gives
     * ⟨e, u⟩ = 3T(a_i + a_i')(b_l + b_l'), 0 unless both pairs agree, so with probability exactly ¾ — no smaller m
     * will do for every e. (A single wrong entry is caught by every projection: ⟨e, u⟩ = ±e_j.) m = ⌈log(1/δ)/log(4/3)⌉
     * makes (¾)ᵐ ≤ δ: {@link #DEFAULT_PROJECTIONS}. Dense Rademacher directions would need only ⌈log₂(1/δ)⌉ = 20
     * (one flip, ½), but each costs a full product with the largest weight matrix; rank one makes a direction cost
     * O((n_k + n_{k−1})·B) per layer, so at (784, 512, 10) 49 of them take about as many operations as one dense
     * one (the W_2 ṡ₁ products of all 49, 6.4·10⁷ multiply-adds, against 1.0·10⁸ for one dense U₁s₀). The probability
     * is over the seed of the directions, not over implementations: a fault that knows the seed can hide in the
     * directions' null space.
     */
    public static final double DEFAULT_MISS_PROBABILITY = 1e-6;

    /** ⌈log(1/{@link #DEFAULT_MISS_PROBABILITY})/log(4/3)⌉ = ⌈48.02⌉ = 49 projections ((¾)⁴⁹ ≈ 7.6·10⁻⁷ ≤ 10⁻⁶). */
    public static final int DEFAULT_PROJECTIONS = 49;

    /**
     * The Taylor-remainder test (DESIGN.md §3) classifies the observed order log₂(r(h)/r(h/2)) of
     * r(h) = |ℓ(θ + hv) − ℓ(θ) − h⟨g, v⟩| at this boundary: ≥ 1.5 is consistent with a right gradient (r = O(h²),
     * order 2), below is a wrong one (r ≈ h|⟨g − ∇ℓ, v⟩|, order 1). 1.5 is the midpoint of the two theoretical
     * orders — a classification boundary, not a tolerance: it is never compared with a rounding error, and the
     * noise rule ({@link #TAYLOR_NOISE_MULTIPLE}) keeps rounding from moving an observed order by half the gap.
     * The theoretical orders hold only where the remainder is asymptotic, so the order judged (the smallest pair of
     * steps clear of noise) must be confirmed by the next pair up falling on the same side of this boundary, with
     * one sign across the three remainders: near a zero of the remainder's leading terms c₂h² + c₃h³ a single pair
     * can read any order below 2 (see dev.backprop.verification.large.TaylorRemainder); a disagreement is "not
     * decisive", never a verdict. The same boundary serves both pairs, so no new number enters.
     */
    public static final double TAYLOR_ORDER_BOUNDARY = 1.5;

    /**
     * A Taylor remainder r(h) counts as clear of noise when it exceeds this many times its rounding bound N(h).
     * Then the exact remainder R lies within r ± N with N ≤ r/8, so R ≥ 7N and r/R ∈ [1 − 1/7, 1 + 1/7]; a ratio of
     * two such remainders is off by at most a factor (1 + 1/7)/(1 − 1/7) = 4/3, and the observed order by at most
     * log₂(4/3) ≈ 0.415 — less than 0.5, the distance from either theoretical order to
     * {@link #TAYLOR_ORDER_BOUNDARY}. So rounding alone cannot move an order across the boundary, nor flip the sign of
     * a remainder (|R − r| ≤ r/8). In general a multiple M gives the factor M/(M − 2), below √2 from M = 7 on; 8
     * leaves 0.085 of the half-gap to the higher-order terms of the remainder at the steps judged. N bounds the
     * computation of r (the increment of ℓ, computed as an increment so that N = O(ε·h), and ⟨g, h·v⟩); the gradient's
     * own rounding allowance A = h·ρ·ε·K·Σ G_i|v_i| is not noise in r but slack of g, so it is added to N, with the
     * same multiple, only before an order below the boundary is called a wrong gradient.
     */
    public static final double TAYLOR_NOISE_MULTIPLE = 8.0;

    /**
     * The least order a Taylor remainder may show for the test to call it linear: 1 − log₂(M/(M − 2)) with
     * M = {@link #TAYLOR_NOISE_MULTIPLE}, 1 − log₂(4/3) ≈ 0.585. A remainder e·h + c·h² with e and c of one sign has
     * order log₂(2(1 + x)/(1 + x/2)) ∈ [1, 2] at every step (x = ch/e), and rounding moves an observed order by at most
     * log₂(M/(M − 2)); an order below this floor is neither, but a remainder near a zero of its leading terms — the
     * quadratic and cubic terms of a right gradient cancelling at the last steps of the grid read orders down to −∞
     * there — so it is "not decisive", never "inconsistent". Derived from the noise multiple, no new number.
     */
    public static final double TAYLOR_LINEAR_ORDER_FLOOR = 1.0 - Math.log(TAYLOR_NOISE_MULTIPLE
            / (TAYLOR_NOISE_MULTIPLE - 2)) / Math.log(2.0);

    /**
     * The largest step of the Taylor-remainder test, h₀ = 2⁻⁴, relative: the direction v has on each parameter
     * tensor (W_k or b_k) entries ±RMS of that tensor, so h·v changes every tensor by a relative h in RMS, and each
     * pre-activation (a random-sign sum of those changes) by about a relative h too, whatever the network's scale.
     * 2⁻⁴ is a change of 6 %: a perturbation, yet large enough that r(h₀) is far above rounding for a loss curved on
     * the scale of θ; the verdict is taken at far smaller h anyway (the smallest steps clear of noise), so h₀ only
     * sets where the plot starts. Powers of two make every step h·v exact.
     */
    public static final double TAYLOR_FIRST_STEP = 0x1p-4;

    /**
     * Halvings of the Taylor test's step: h = h₀·2⁻ᵏ, k = 0..36, down to 2⁻⁴⁰ ≈ 10⁻¹², relative to each tensor's
     * size. The range must reach the steps where the test is asymptotic. The rounding bound of r is N ≈ c₁·h (the
     * increment of ℓ is computed as an increment), so for a right gradient r ≈ c·h² clears 8N from h ≈ 8c₁/c up —
     * measured at 2⁻²⁶ to 2⁻²⁹ on the (784, 512, 10) models, and at 2⁻²⁵ to 2⁻³⁸ on nine in ten of largeDeepCases
     * (from 2⁻¹¹ where ℓ is nearly linear along v) — and for a wrong one r ≈ h·|⟨g − ∇ℓ, v⟩| clears it at every
     * small h once |⟨g − ∇ℓ, v⟩| &gt; 8c₁, so the last steps are judged and are linear there for any |⟨g − ∇ℓ, v⟩|
     * above c·2⁻⁴⁰. 37 steps cost a few forward passes each; the range only has to be long enough.
     */
    public static final int TAYLOR_HALVINGS = 36;
}
