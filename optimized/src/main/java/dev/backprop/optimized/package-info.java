/**
 * The optimized oracle: the seed's algebra, Propositions 1 and 2, and backpropagation through networks of
 * any depth computed with EJML dense matrix products, the large ones of deep networks in OpenBLAS. It depends on
 * the spec, EJML and OpenBLAS (JavaCPP presets) only, never on the reference implementation, so that the two
 * derivations are independent and a disagreement between them means something.
 *
 * <p>Only {@link dev.backprop.optimized.OptimizedAlgebra}, {@link dev.backprop.optimized.OptimizedBackprop} and
 * {@link dev.backprop.optimized.OptimizedDeepBackprop} are public; they are the whole API of this package.
 * Their helpers live in this same package as package-private classes with package-private members, so that the
 * compiler, not a convention, keeps them out of reach: without JPMS, Java cannot let a public class use helpers
 * in another package unless those helpers are public too (DESIGN.md §2). No public signature of the three API
 * classes mentions a helper.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.optimized.OptimizedBackprop} (public) implements
 *       {@link dev.backprop.spec.ShallowBackprop} (Prop 2) for a whole batch as a handful of matrix products
 *       over the batch (X Gᵀ, S Rᵀ, row sums), never forming a three-index tensor. It keeps a
 *       {@code ShallowWorkspace} for the last shape, so an instance is <b>not</b> thread-safe: one per
 *       thread.</li>
 *   <li>{@link dev.backprop.optimized.OptimizedDeepBackprop} (public) implements
 *       {@link dev.backprop.spec.DeepBackprop} for a network of any depth L and any
 *       {@link dev.backprop.spec.Objective} the same way: a forward sweep of products W_k S_{k−1}, a backward
 *       sweep of products W_{k+1}ᵀ G_{k+1}, then S_{k−1} G_kᵀ and row sums per layer. It keeps a
 *       {@code DeepWorkspace} for the last shape, so it is <b>not</b> thread-safe either; its
 *       {@code gradientInto} writes the gradient into a caller's array and, once the workspace exists,
 *       allocates nothing. It shares no state with {@code OptimizedBackprop}: for L = 2 and the seed's
 *       objective the two are separate computations of the same gradient, which can be checked against each
 *       other.</li>
 *   <li>{@link dev.backprop.optimized.OptimizedAlgebra} (public) implements
 *       {@link dev.backprop.spec.SeedAlgebra} (Section 1) and {@link dev.backprop.spec.LinearLayerJacobians}
 *       (Prop 1). Its tensors are materialised, since returning a {@link dev.backprop.spec.Tensor3} is its
 *       contract; it is stateless and thread-safe.</li>
 *   <li>{@code Ejml} (package-private), used by all three, converts between the spec's immutable values
 *       ({@code Vector}, {@code Matrix}, {@code Tensor3}) and EJML's {@code DMatrixRMaj}. Before allocating a
 *       result, the API classes have its size checked by {@link dev.backprop.spec.Dimensions#entries}, the
 *       spec's own check, so a result that would be too large is refused exactly as the spec refuses it.</li>
 *   <li>{@code ShallowWorkspace} (package-private), used by {@code OptimizedBackprop}, holds every dense
 *       matrix one forward/backward pass of the shallow network needs, for one shape (d, h, n, B); its X and
 *       S are views onto the top rows of X̃ = [X; 1ᵀ] and S̃ = [S; 1ᵀ], so the augmented gradient needs no
 *       copy.</li>
 *   <li>{@code DeepWorkspace} (package-private), used by {@code OptimizedDeepBackprop}, holds every dense
 *       matrix one forward/backward pass of a deep network needs, for one shape (n_0, …, n_L, B): W_k, b_k,
 *       S_k, S'_k, G_k and the gradients, indexed by the seed's layer number k. Like {@code ShallowWorkspace},
 *       it refuses a shape one of whose matrices would exceed {@link dev.backprop.spec.Dimensions#MAX_ENTRIES}
 *       before allocating anything.</li>
 *   <li>{@code ActivationKernels} (package-private), used by {@code OptimizedBackprop} and
 *       {@code OptimizedDeepBackprop}, is the one pass over a hidden layer that adds its bias and evaluates σ
 *       and σ' together.</li>
 *   <li>{@code EjmlDeepPass} and {@code NativeDeepPass} (package-private), used by {@code OptimizedDeepBackprop},
 *       are its forward and backward pass with EJML's products and with OpenBLAS's; {@code Backend} chooses
 *       between them per shape (OpenBLAS from 2¹¹ multiply-adds, when it loads; the system property
 *       {@code dev.backprop.optimized.backend} forces either), {@code NativeBlas} loads OpenBLAS once and calls
 *       its dgemm, and {@code NativeWorkspace} holds the operands of a native pass off the Java heap.</li>
 *   <li>{@code FastTanh} (package-private), used by {@code ActivationKernels}, is tanh within 2ε relative,
 *       several times faster than {@code Math.tanh} on JDK 17.</li>
 *   <li>{@code LossKernels} (package-private), used by {@code OptimizedDeepBackprop}, is the one pass over the
 *       output layer that adds b_L and turns Ŷ into G_L = w ∂ℓ_b/∂ŷ for each
 *       {@link dev.backprop.spec.Loss}.</li>
 * </ul>
 *
 * <p>Every result is in the seed's numerator layout ({@link dev.backprop.spec.Layout#NUMERATOR}) and says so.
 */
package dev.backprop.optimized;
