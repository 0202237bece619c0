package dev.backprop.spec;

/**
 * How a gradient ∂ℓ/∂W of a scalar ℓ with respect to an h×d matrix W is laid out. Converting between the two
 * is a transpose; confusing them is the most common gradient bug, so every result says which it is.
 */
public enum Layout {
    /**
     * The seed's convention (§1 item 3, "numerator layout"): ∂ℓ/∂W is d×h with (∂ℓ/∂W)_ij = ∂ℓ/∂w_ji.
     * A bias b ∈ R^h gets the 1×h row ∂ℓ/∂b.
     */
    NUMERATOR,
    /**
     * W's own shape, what PyTorch, JAX and DL4J return: ∂ℓ/∂W is h×d with (∂ℓ/∂W)_ij = ∂ℓ/∂w_ij.
     * A bias b ∈ R^h gets the h×1 column.
     */
    DENOMINATOR;
}
