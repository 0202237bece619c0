package dev.backprop.spec;

/**
 * Proposition 2 as a contract. For a {@link ShallowNetwork} and a {@link Batch} of B samples,
 * ℓ = Σ_b ½‖r_b‖² with r_b = W⁽²⁾ σ(W⁽¹⁾ x_b + b₁) + b₂ − y_b: the loss of the seed summed over the batch.
 *
 * <p>Implementations may return any {@link Layout}; they must say which. They must not modify their
 * arguments (all are immutable) and must refuse a batch that does not fit the network
 * ({@link Batch#requireFits(ShallowNetwork)}).
 */
public interface ShallowBackprop {
    /** ∂ℓ/∂W1, ∂ℓ/∂b1, ∂ℓ/∂W2, ∂ℓ/∂b2, summed over the batch. */
    ShallowGradient gradient(ShallowNetwork network, Batch batch);

    /** ∂ℓ/∂W̃1 and ∂ℓ/∂W̃2 of the augmented parameters, summed over the batch. */
    AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch);
}
