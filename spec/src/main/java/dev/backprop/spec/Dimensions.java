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

    /**
     * The number of entries of a value with these dimensions, checked before anything of that size is
     * allocated: the product of {@code dims}, accumulated in a {@code long} so that a product of large
     * {@code int} dimensions is refused rather than overflowing.
     *
     * <p>Every value type of the spec sizes its storage with this method, and an implementation that allocates
     * its own storage for a result (an EJML matrix, say) should call it first, so that every refusal reads the
     * same.
     *
     * @param what names the value for the message, e.g. {@code "matrix"} or {@code "tensor product x⊗Y"}
     * @param dims the dimensions, in order
     * @return the product of {@code dims}, which is at most {@link #MAX_ENTRIES} and so fits an {@code int}
     * @throws IllegalArgumentException if a dimension is less than 1, or if the product exceeds
     *         {@link #MAX_ENTRIES}; the message names {@code what} and lists the dimensions
     */
    public static int entries(String what, int... dims) {
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
