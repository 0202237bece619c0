package dev.backprop.verification.claims;

import dev.backprop.verification.check.PropertyResult;

/**
 * A claim with its computed verdict, the run behind it, and the result of its correction if it has one.
 *
 * @param correction null when the claim carries no correction
 */
public record ClaimResult(Claim claim, PropertyResult run, Verdict verdict, ClaimResult correction) {
    /** True when this is an erratum of the seed: the claim was evaluated and does not hold. */
    public boolean isErratum() {
        return verdict == Verdict.FAILS || verdict == Verdict.ILL_FORMED;
    }

    /** The evidence of a claim that does not hold; empty when it holds. */
    public String evidence() {
        return run.passed() ? "" : "smallest case " + run.smallest() + ": " + run.falsified().evidence();
    }
}
