package dev.backprop.verification.claims;

import dev.backprop.verification.check.Observation;

/** What checking a claim of the seed found. */
public enum Verdict {
    /** Every case agreed within the rounding bound. */
    HOLDS,
    /** The statement is well-formed but false: evidence gives the case and the values. */
    FAILS,
    /** The dimensions of the statement cannot agree: evidence gives every shape. */
    ILL_FORMED;

    static Verdict of(Observation.Kind kind) {
        switch (kind) {
            case PASS:
                return HOLDS;
            case FAIL:
                return FAILS;
            default:
                return ILL_FORMED;
        }
    }
}
