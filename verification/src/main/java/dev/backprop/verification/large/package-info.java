/**
 * Checks for models too large for a full Jacobian (P in the hundreds of thousands), where forward-mode AD with one
 * free variable per parameter (O(B·P²)) and finite differences per parameter (O(B·P²)) are out of reach.
 *
 * <ul>
 *   <li>{@link dev.backprop.verification.large.ProjectionCheck}: a claimed gradient against m random projections,
 *       along directions of signs that are rank one on every weight matrix
 *       ({@link dev.backprop.verification.numeric.RankOneDirections}), each compared with a directional derivative
 *       by forward-mode AD ({@link dev.backprop.verification.numeric.DirectionalDerivative}, all m tangents in one
 *       batched pass), by the rounding rule with a tolerance derived from the gauges; an error entry above 2T is
 *       missed with probability ≤ (¾)ᵐ.
 *       Result: {@link dev.backprop.verification.large.ProjectionResult}.</li>
 *   <li>{@link dev.backprop.verification.large.TaylorRemainder}: the order at which ℓ(θ + hv) − ℓ(θ) − h⟨g, v⟩
 *       shrinks, judged at the smallest pair of steps clear of rounding noise and confirmed by the pair above it;
 *       consistent, inconsistent or not decisive. The increment of ℓ is computed as an increment
 *       ({@link dev.backprop.verification.large.LossIncrement}), with a rounding bound that shrinks with h.
 *       Result: {@link dev.backprop.verification.large.TaylorResult}, with every (h, r) point.</li>
 * </ul>
 * Both depend on the oracles of {@code numeric} only, never on an implementation under test.
 */
package dev.backprop.verification.large;
