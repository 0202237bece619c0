package dev.backprop.verification.claims;

import dev.backprop.verification.check.Observation;

/** What checking a claim of the seed found. */
public enum Verdict {
    /** Every case agreed within the rounding bound. */
    HOLDS,
    /** The statement is well-formed but false: evidence gives the case and the values. */
    FAILS,
    /** The dimensions of the statement cannot agree: evidence gives every shape. */
    ILL_FORMED,
    /** The claim could not be evaluated: a fault of the suite, not a statement about the seed. */
    ERROR;

    static Verdict of(Observation.Kind kind) {
        switch (kind) {
            case PASS:
                return HOLDS;
            case FAIL:
                return FAILS;
            case ILL_FORMED:
                return ILL_FORMED;
            default:
                return ERROR;
        }
    }
}
