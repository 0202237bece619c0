package dev.backprop.verification.generate;

import java.util.Arrays;

/**
 * Dimensions plus a seed: everything a claim's case is made of. Immutable; the values are drawn from a
 * fresh {@link Draw} each time, in a fixed order, so the pair printed by {@link #toString()} reproduces the
 * case exactly, and checking the same instance twice sees the same values.
 */
public final class Instance {
    private final int[] dims;
    private final long seed;

    Instance(int[] dims, long seed) {
        this.dims = dims.clone();
        this.seed = seed;
    }

    /** A fresh stream of this instance's values, starting from its first. */
    public Draw draw() {
        return new Draw(dims, seed);
    }

    @Override
    public String toString() {
        return "dims=" + Arrays.toString(dims) + " seed=" + seed;
    }
}
