/**
 * The reference implementation: naive, index by index, written straight from the seed's δ-sum proofs.
 * Slow on purpose and obvious on purpose; it depends on the JDK and {@code dev.backprop.spec} only and uses
 * no matrix library and no matrix shortcut. Every loop is headed by the seed equation or proof step it
 * computes, and every public method's javadoc quotes the seed line it implements.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.reference.ReferenceAlgebra} is the seed's Section 1: the outer product, the two
 *       tensor products, I_m⊗x, the vector·tensor contraction, diag, ⊙ and the matrix product, each entry
 *       from its index formula. It stands alone; nothing else here calls it.</li>
 *   <li>{@link dev.backprop.reference.ReferenceJacobians} is Proposition 1 (∂z/∂W, ∂z/∂b) and each Jacobian
 *       the proof of Proposition 2 writes down (∂ℓ/∂r, ∂r/∂s, ∂s/∂z, ∂z/∂W̃), materialised entry by entry
 *       from the δ-sum that derives it.</li>
 *   <li>{@link dev.backprop.reference.ReferenceBackprop} is Proposition 2's chain rule over those
 *       materialised Jacobians, written as explicit index sums and summed over the batch. Its split and
 *       augmented gradients are computed independently of each other, so that "augmented = split" is a
 *       check that can fail.</li>
 *   <li>{@link dev.backprop.reference.ReferenceDeepBackprop} is the same chain rule for a
 *       {@link dev.backprop.spec.DeepNetwork} of any depth and any {@link dev.backprop.spec.Objective}: per
 *       sample, g_L = ∂ℓ_b/∂ŷ, then g_k = g_{k+1} · ∂z_{k+1}/∂s_k · ∂s_k/∂z_k down to layer 1, each layer's
 *       parameter gradients through Proposition 1's ∂z_k/∂W_k and ∂z_k/∂b_k, all Jacobians from
 *       {@code ReferenceJacobians}; the sum over the batch is weighted by the reduction's w.</li>
 * </ul>
 * Two package-private helpers serve those two chain rules. {@code LossJacobians} is ∂ℓ_b/∂ŷ for each
 * {@link dev.backprop.spec.Loss}, a δ-sum written from the loss's definition (for softmax cross-entropy
 * −Σ_j y_j (δ_ij − p_i), not its closed form p − y). {@code IndexSums} holds the index sums both
 * backprops use (a layer's z = Wx + b and s = σ(z), and the contractions of a row ∂ℓ/∂u with a Jacobian),
 * written once, so that a depth-2 deep network with the seed's objective is computed by the same operations
 * as Proposition 2.
 * The Kronecker delta is written in one place, a package-private helper that applies δ_ij to a value: in
 * the seed's real sums δ_ij = 0 removes a term whatever it holds, which 0 · ∞ = NaN would not.
 *
 * <h2>Indices</h2>
 * The seed counts from 1; code counts from 0. The seed's index i is the code's {@code i - 1}: an entry
 * written (i,j,k) in a comment or javadoc formula is computed at {@code get(i - 1, j - 1, k - 1)}, and a loop
 * {@code for (int l = 0; l < d; l++)} is the seed's Σ_{l=1}^{d}. The formulas themselves are the seed's,
 * unchanged. Tensor entries follow seed item 4: for y ∈ R^p and X ∈ R^{n×m}, (∂y/∂X)_ijk = ∂y_i/∂x_kj,
 * a p×m×n tensor.
 *
 * <h2>Results</h2>
 * Gradients are returned in {@link dev.backprop.spec.Layout#NUMERATOR}, the seed's layout (item 3): ∂ℓ/∂W⁽¹⁾
 * is d×h, the transpose of W⁽¹⁾'s shape, and in a deep network ∂ℓ/∂W_k is n_{k−1}×n_k and ∂ℓ/∂b_k is 1×n_k.
 * r is the residual ŷ − y; the seed's r := ŷ is the target y = 0.
 * No method modifies its arguments.
 */
package dev.backprop.reference;
