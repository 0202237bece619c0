/**
 * The seed's notation and the contracts every implementation is checked against. JDK only.
 *
 * <h2>How the classes relate</h2>
 * <ul>
 *   <li>{@link dev.backprop.spec.Vector}, {@link dev.backprop.spec.Matrix} and {@link dev.backprop.spec.Tensor3}
 *       are immutable values. They know their shape and nothing of calculus: the only operations on them
 *       here are re-indexings ({@code transpose}, {@code permute}, {@code appendColumn}), so that no
 *       arithmetic is shared between the two implementations that are checked against each other.</li>
 *   <li>{@link dev.backprop.spec.SeedAlgebra} (the seed's Section 1 products),
 *       {@link dev.backprop.spec.LinearLayerJacobians} (Proposition 1) and
 *       {@link dev.backprop.spec.ShallowBackprop} (Proposition 2) are the contracts. The reference and the
 *       optimized modules implement them independently.</li>
 *   <li>{@link dev.backprop.spec.ShallowNetwork} and {@link dev.backprop.spec.Batch} are the inputs; they
 *       are the suite's input boundary and refuse wrong shapes and NaN/Inf with a message saying where.</li>
 *   <li>{@link dev.backprop.spec.ShallowGradient} and {@link dev.backprop.spec.AugmentedGradient} are the
 *       results; each carries its {@link dev.backprop.spec.Layout}.</li>
 *   <li>Deep networks generalise the shallow one: {@link dev.backprop.spec.DeepNetwork} (L layers, a width and
 *       an {@link dev.backprop.spec.Activation} per hidden layer, a linear output layer; also an input
 *       boundary) and an {@link dev.backprop.spec.Objective} — a per-sample {@link dev.backprop.spec.Loss}
 *       (defined by its value only, so that every implementation derives ∂ℓ/∂ŷ itself) and a batch
 *       {@link dev.backprop.spec.Reduction} — go into the contract {@link dev.backprop.spec.DeepBackprop},
 *       which returns a {@link dev.backprop.spec.DeepGradient} whose entries are named by
 *       {@link dev.backprop.spec.DeepParameter} (W_k, b_k). {@code DeepNetwork.of(shallow)} is the shallow
 *       network as L = 2.</li>
 * </ul>
 *
 * <h2>Indices</h2>
 * The seed counts from 1; code counts from 0. Javadoc formulas are the seed's, unchanged and 1-based: an entry
 * written (i,j,k) there is stored at {@code get(i - 1, j - 1, k - 1)}, and "0-based" is said wherever a
 * message or method speaks of code positions (e.g. "W1 (3×4) has NaN at (2, 1)").
 */
package dev.backprop.spec;
