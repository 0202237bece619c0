package dev.backprop.verification.proof;

/**
 * A step that cannot be evaluated as written: an index beyond the length of the quantity it indexes (x_j with
 * j running over h, on an instance with h &gt; d), an entry of a 1×1 quantity asked for at (j, k), an index or
 * quantity the derivation does not declare. The checker reports the step as ill-formed, never as an error of
 * the suite.
 */
final class IllFormedStep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IllFormedStep(String message) {
        super(message, null, false, false);
    }
}
