/**
 * Derivations as chains of steps, checked step by step — the notes' δ-sum proofs, or anyone's.
 *
 * <p>A {@link dev.backprop.verification.proof.Derivation} is a chain "step₁ = step₂ = … = step_m" over free
 * indices with sizes from named dimensions ({@code Derivation.over("i:h, j:h, k:d")}), with named inputs drawn at
 * random and quantities defined from them (z, s, r, ℓ…). Each step is an {@link
 * dev.backprop.verification.proof.Expression} written with the notation of a {@link
 * dev.backprop.verification.proof.Scope}: entries by index name, Σ over an index, Kronecker's δ, ∂/∂ of a quantity
 * or of an expression by exact forward-mode AD (commons-math3 DerivativeStructure), σ and σ'. {@link
 * dev.backprop.verification.proof.ProofCheck} evaluates every step at every index tuple on random instances (all
 * dimensions different, and dimensions of 1), judges each "=" by the rounding rule and names the first step that
 * breaks, with the instance, the indices and both values. {@link dev.backprop.verification.proof.SeedProofs} holds
 * every line of the notes' proofs of Props 1 and 2 (and the statements they prove), and the diagrams' convention
 * line with its correction.
 *
 * <h2>Tolerances (derived, none typed in per derivation)</h2>
 * Every value is a {@link dev.backprop.verification.proof.Term} carrying its rounding gauge g (Σ|terms|, built
 * operation by operation) and its rounding count k; two steps a, b agree when
 * <pre>  |a − b| / (ε · (max(k_a, k_b) + ELEMENTARY_OPERATIONS) · max(g_a, g_b)) ≤ 1</pre>
 * with ε, {@code ELEMENTARY_OPERATIONS} = 16 and the threshold 1 from {@link
 * dev.backprop.verification.numeric.Tolerances} — the first-order worst-case bound, as for every other rounding
 * comparison of the suite. The rules for g and k, derivatives included, are stated on {@link
 * dev.backprop.verification.proof.Term}. Constants of this package: {@link
 * dev.backprop.verification.proof.ProofCheck#DEFAULT_SEEDS} = 4 rounds of instances and {@link
 * dev.backprop.verification.proof.ProofCheck#DISTINCT_SIZE_SPREAD} = 3 (distinct sizes from 2 to m + 3 for m
 * dimensions) — how many instances and how large, not how close.
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>First derivatives only: a ∂ inside a ∂ is refused (an ERROR naming the step).</li>
 * <li>Step 1 is the definition the chain starts from (in the notes, the derivative itself). A chain is judged "="
 *     by "=", so a first step that is wrong in value makes the first "=" fail and step 2 is named; a first step
 *     that cannot be evaluated is named itself.</li>
 * <li>Kinks: ReLU and leaky ReLU are differentiated with the slope below 0 at exactly 0, the spec's convention,
 *     which σ' shares; inputs are continuous, so no pre-activation is 0 in practice.</li>
 * </ul>
 */
package dev.backprop.verification.proof;
