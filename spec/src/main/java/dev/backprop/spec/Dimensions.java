package dev.backprop.spec;

/** Limits and checks on dimensions, shared by the value types so that every refusal reads the same. */
public final class Dimensions {
    /**
     * The largest number of entries a single value may hold. Far above anything a gradient check needs,
     * far below what would exhaust memory: a request beyond it is refused before anything is allocated.
     */
    public static final long MAX_ENTRIES = 1L << 28;

    private Dimensions() {
    }

    static void requirePositive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
    }

    static int entries(String what, int... dims) {
        long total = 1;
        for (int k = 0; k < dims.length; k++) {
            int d = dims[k];
            requirePositive(what + " dimension " + (k + 1) + " of " + java.util.Arrays.toString(dims), d);
            total *= d;
            if (total > MAX_ENTRIES) {
                throw new IllegalArgumentException(what + " would hold more than " + MAX_ENTRIES
                        + " entries (dimensions " + java.util.Arrays.toString(dims) + ")");
            }
        }
        return (int) total;
    }
}
