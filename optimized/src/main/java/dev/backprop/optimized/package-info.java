/**
 * The optimized oracle: the seed's algebra and Propositions 1 and 2 computed with EJML dense matrix
 * products. It depends on the spec and EJML only, never on the reference implementation, so that the two
 * derivations are independent and a disagreement between them means something.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.optimized.OptimizedBackprop} implements {@link dev.backprop.spec.ShallowBackprop}
 *       (Prop 2) for a whole batch as a handful of matrix products over the batch (X Gᵀ, S Rᵀ, row sums),
 *       never forming a three-index tensor. It keeps a workspace for the last shape, so an instance is
 *       <b>not</b> thread-safe: one per thread.</li>
 *   <li>{@link dev.backprop.optimized.OptimizedAlgebra} implements {@link dev.backprop.spec.SeedAlgebra}
 *       (Section 1) and {@link dev.backprop.spec.LinearLayerJacobians} (Prop 1). Its tensors are
 *       materialised, since returning a {@link dev.backprop.spec.Tensor3} is its contract; it is stateless
 *       and thread-safe.</li>
 *   <li>{@code dev.backprop.optimized.internal} holds their helpers (conversions, the workspace, the fused
 *       activation pass). It is not API; no public method here exposes one of its types.</li>
 * </ul>
 *
 * <p>Every result is in the seed's numerator layout ({@link dev.backprop.spec.Layout#NUMERATOR}) and says so.
 */
package dev.backprop.optimized;
