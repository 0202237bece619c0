package dev.backprop.verification.numeric;

/**
 * Thrown by an oracle for a case it refuses to judge rather than guess at (for instance more samples at one
 * ReLU kink than {@link Tolerances#MAX_KINK_SAMPLES}). The checks turn it into a failed case with the reason,
 * never into a pass.
 */
public final class CannotJudge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotJudge(String message) {
        super(message);
    }
}
