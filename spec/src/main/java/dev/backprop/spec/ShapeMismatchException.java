package dev.backprop.spec;

/**
 * Thrown when the shapes given to an operation cannot agree. The message names the operation, both
 * operands and their shapes, and the rule that failed, e.g.
 * {@code "product A·B: A is 3×4 but B is 5×2; columns of A must equal rows of B"}.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }

    /**
     * Throws unless {@code agree}.
     *
     * @param operation what was being computed, e.g. {@code "product A·B"}
     * @param left name and shape of the first operand, e.g. {@code "A is 3×4"}
     * @param right name and shape of the second operand
     * @param rule what must hold between them
     */
    public static void require(boolean agree, String operation, String left, String right, String rule) {
        if (!agree) {
            throw new ShapeMismatchException(operation + ": " + left + " but " + right + "; " + rule);
        }
    }
}
