package dev.backprop.verification.proof;

import java.util.Locale;

/**
 * The first step of a derivation that breaks: the step (numbered from 1 as printed), the step before it, the
 * instance and index tuple where it broke, and either both values with the scaled error, or why the step could
 * not be evaluated.
 *
 * @param kind          {@link ProofVerdict#FAILS}, {@link ProofVerdict#ILL_FORMED} or {@link ProofVerdict#ERROR}
 * @param step          the number of the step that breaks, from 1; step 1 can only break by being ill-formed
 * @param stepText      its text as printed
 * @param previousText  the text of step − 1, or null for step 1
 * @param instance      the instance (printed as {@code "d=3 h=5 seed=… act=tanh"}): checking the derivation on it
 *                      alone ({@link ProofCheck#check(Derivation, java.util.List)}) replays the break
 * @param indices       the index tuple, e.g. {@code "i=0, j=1, k=0"}
 * @param value         the step's value there (NaN when it could not be evaluated)
 * @param previousValue the previous step's value there
 * @param gauge         the rounding gauge of the comparison (the larger of the two Σ|terms|)
 * @param k             the K of the comparison (longest chain of roundings + elementary operations)
 * @param scaledError   |value − previousValue| / (ε·K·gauge), above 1 for a break; infinite when ill-formed
 * @param message       why the step could not be evaluated, or empty
 */
public record StepBreak(ProofVerdict kind, int step, String stepText, String previousText, ProofCheck.Instance instance,
        String indices, double value, double previousValue, double gauge, int k, double scaledError, String message) {

    /** One line of evidence. */
    public String describe() {
        if (kind == ProofVerdict.FAILS) {
            return String.format(Locale.ROOT,
                    "step %d breaks: \"%s\" = %.17g but step %d \"%s\" = %.17g at %s (%s); scaled error %.3g"
                            + " (|difference| / (ε·K·gauge), K = %d, gauge %.3g; threshold 1)",
                    step, stepText, value, step - 1, previousText, previousValue, indices, instance, scaledError, k,
                    gauge);
        }
        return String.format(Locale.ROOT, "step %d \"%s\" %s at %s (%s): %s", step, stepText,
                kind == ProofVerdict.ILL_FORMED ? "is ill-formed" : "could not be evaluated", indices, instance,
                message);
    }
}
