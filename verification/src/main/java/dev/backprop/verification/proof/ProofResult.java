package dev.backprop.verification.proof;

import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of checking one derivation.
 *
 * @param title            the derivation's title
 * @param chain            its steps as printed, joined by " = "
 * @param verdict          holds, fails, ill-formed or error
 * @param instances        how many instances the check ran over (once a break is found, later instances are
 *                         evaluated only up to the step before it)
 * @param comparisons      how many "=" were judged (step pairs × index tuples × instances)
 * @param worstScaledError the largest scaled error among the comparisons that held (threshold 1)
 * @param worstAt          where it was: step pair, indices, instance
 * @param firstBreak       the first step that breaks, when the verdict is not {@link ProofVerdict#HOLDS}
 */
public record ProofResult(String title, String chain, ProofVerdict verdict, int instances, long comparisons,
        double worstScaledError, String worstAt, Optional<StepBreak> firstBreak) {

    public boolean holds() {
        return verdict == ProofVerdict.HOLDS;
    }

    /** A paragraph of evidence: the verdict and either the worst agreement or the first break. */
    public String describe() {
        if (holds()) {
            return String.format(Locale.ROOT,
                    "%s holds: %d instances, %d comparisons, worst scaled error %.3g (threshold 1) at %s", title,
                    instances, comparisons, worstScaledError, worstAt);
        }
        return title + " " + verdict.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": "
                + firstBreak.map(StepBreak::describe).orElse("?");
    }
}
