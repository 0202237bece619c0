/**
 * The optimized oracle: the seed's algebra and Propositions 1 and 2 computed with EJML dense matrix
 * products. It depends on the spec and EJML only, never on the reference implementation, so that the two
 * derivations are independent and a disagreement between them means something.
 *
 * <p>Only {@link dev.backprop.optimized.OptimizedAlgebra} and {@link dev.backprop.optimized.OptimizedBackprop}
 * are public; they are the whole API of this package. Their helpers live in this same package as
 * package-private classes with package-private members, so that the compiler, not a convention, keeps them
 * out of reach: without JPMS, Java cannot let a public class use helpers in another package unless those
 * helpers are public too (DESIGN.md §2). No public signature of the two API classes mentions a helper.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.optimized.OptimizedBackprop} (public) implements
 *       {@link dev.backprop.spec.ShallowBackprop} (Prop 2) for a whole batch as a handful of matrix products
 *       over the batch (X Gᵀ, S Rᵀ, row sums), never forming a three-index tensor. It keeps a
 *       {@code ShallowWorkspace} for the last shape, so an instance is <b>not</b> thread-safe: one per
 *       thread.</li>
 *   <li>{@link dev.backprop.optimized.OptimizedAlgebra} (public) implements
 *       {@link dev.backprop.spec.SeedAlgebra} (Section 1) and {@link dev.backprop.spec.LinearLayerJacobians}
 *       (Prop 1). Its tensors are materialised, since returning a {@link dev.backprop.spec.Tensor3} is its
 *       contract; it is stateless and thread-safe.</li>
 *   <li>{@code Ejml} (package-private), used by both, converts between the spec's immutable values
 *       ({@code Vector}, {@code Matrix}, {@code Tensor3}) and EJML's {@code DMatrixRMaj}. Before allocating a
 *       result, both API classes have its size checked by {@link dev.backprop.spec.Dimensions#entries}, the
 *       spec's own check, so a result that would be too large is refused exactly as the spec refuses it.</li>
 *   <li>{@code ShallowWorkspace} (package-private), used by {@code OptimizedBackprop}, holds every dense
 *       matrix one forward/backward pass of the shallow network needs, for one shape (d, h, n, B); its X and
 *       S are views onto the top rows of X̃ = [X; 1ᵀ] and S̃ = [S; 1ᵀ], so the augmented gradient needs no
 *       copy.</li>
 *   <li>{@code ActivationKernels} (package-private), used by {@code OptimizedBackprop}, is the one pass over
 *       the hidden layer that adds b₁ and evaluates σ and σ' together.</li>
 * </ul>
 *
 * <p>Every result is in the seed's numerator layout ({@link dev.backprop.spec.Layout#NUMERATOR}) and says so.
 */
package dev.backprop.optimized;
