package dev.backprop.spec;

/**
 * Backpropagation through a {@link DeepNetwork} as a contract: for a {@link Batch} of B samples and an
 * {@link Objective} (loss and batch reduction), ℓ = w Σ_b ℓ_b(ŷ_b, y_b) with w = 1 (sum) or 1/B (mean).
 *
 * <p>In the seed's numerator layout the chain rule reads, per sample, with g_L = ∂ℓ_b/∂ŷ (1×n_L):
 * <pre>
 *   g_k = g_{k+1} W_{k+1} diag(σ_k'(z_k))      1×n_k,  k = L−1, …, 1
 *   ∂ℓ_b/∂W_k = s_{k−1} g_k                     n_{k−1}×n_k
 *   ∂ℓ_b/∂b_k = g_k                             1×n_k
 * </pre>
 * and ∂ℓ/∂θ = w Σ_b ∂ℓ_b/∂θ. For L = 2 and the seed's objective this is Proposition 2.
 *
 * <p>Implementations may return any {@link Layout}; they must say which. They must not modify their
 * arguments (all are immutable) and must refuse, before computing anything, a batch that does not fit the
 * network or whose targets the loss cannot take ({@link Objective#requireFits}).
 */
public interface DeepBackprop {
    /** ∂ℓ/∂W_k and ∂ℓ/∂b_k for every layer k. */
    DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective);
}
