package dev.backprop.verification.proof;

/** What checking a derivation found. */
public enum ProofVerdict {
    /** Every "=" held, for every index tuple of every instance, within the rounding rule. */
    HOLDS,
    /** Two consecutive steps differ beyond rounding: the later one is named, with the indices and both values. */
    FAILS,
    /** A step cannot be evaluated as written: an index past the end of what it indexes, an unknown name. */
    ILL_FORMED,
    /** A step could not be evaluated for another reason (a fault in the derivation's code, not in its algebra). */
    ERROR
}
