/**
 * Not API. Helpers of {@link dev.backprop.optimized.OptimizedBackprop} and
 * {@link dev.backprop.optimized.OptimizedAlgebra}; they may change or disappear without notice.
 *
 * <p>The types here are {@code public} only because Java has no other way to let a sibling package use
 * them. No public method of the two API classes takes or returns one of them; do not call them from
 * outside the optimized module.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.optimized.internal.Ejml} converts between the spec's immutable values
 *       ({@code Vector}, {@code Matrix}, {@code Tensor3}) and EJML's {@code DMatrixRMaj}, and refuses a
 *       result that would be too large before anything is allocated.</li>
 *   <li>{@link dev.backprop.optimized.internal.ShallowWorkspace} holds every dense matrix one
 *       forward/backward pass of the shallow network needs, for one shape (d, h, n, B); its X and S are
 *       views onto the top rows of X̃ = [X; 1ᵀ] and S̃ = [S; 1ᵀ], so the augmented gradient needs no copy.</li>
 *   <li>{@link dev.backprop.optimized.internal.ActivationKernels} is the one pass over the hidden layer
 *       that adds b₁ and evaluates σ and σ' together.</li>
 * </ul>
 */
package dev.backprop.optimized.internal;
