package dev.backprop.verification.diagram;

/**
 * One thing a diagram draws: a node of the computation (x, z_k, s_k, ŷ, ℓ, and the backward rows g_k), a factor
 * on an arrow (W_k, b_k, σ_k, r, σ'_k(z_k), diag(σ'_k(z_k))), or a gradient that leaves the backward pass
 * (∂ℓ/∂W_k, ∂ℓ/∂b_k) — with its shape and the statement of the notes it rests on.
 *
 * @param role     node, factor or gradient
 * @param name     the name, e.g. {@code "z2"} or {@code "∂ℓ/∂W2"}
 * @param formula  how it is computed, e.g. {@code "W2 s1 + b2"}, or empty
 * @param shape    its shape, symbolic and in numbers
 * @param seedItem the item, proposition or proof of the notes it uses, e.g. {@code "item 8: x⊙y = diag(x)y"}
 */
public record Part(Role role, String name, String formula, Shape shape, String seedItem) {
    /** What a part is in the drawing. */
    public enum Role {
        /** A value of the forward or backward pass, drawn as a box. */
        NODE,
        /** A factor applied on an arrow between two nodes. */
        FACTOR,
        /** A gradient of a parameter, leaving the backward pass. */
        GRADIENT
    }

    public Part {
        if (role == null || name == null || name.isBlank() || formula == null || shape == null || seedItem == null) {
            throw new IllegalArgumentException("a part needs a role, a name, a formula (may be empty), a shape and a"
                    + " seed item (may be empty)");
        }
    }

    /** {@code "z2 = W2 s1 + b2"}, or the name alone when there is no formula. */
    public String label() {
        return formula.isEmpty() ? name : name + " = " + formula;
    }
}
