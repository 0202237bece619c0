package dev.backprop.optimized;

/**
 * Which code computes the matrix products of {@link OptimizedDeepBackprop}. Package-private: not API.
 *
 * <p>Chosen once per instance from the system property {@value #PROPERTY}: {@code auto} (the default) sends a
 * pass of at least {@link #NATIVE_MIN_MULTIPLY_ADDS} multiply-adds to OpenBLAS when it is available and every
 * other pass to EJML; {@code ejml} and {@code openblas} force one backend for every shape, so that each can be
 * put through the whole verification suite on its own ({@code -Ddev.backprop.optimized.backend=openblas}).
 * Forcing {@code openblas} where it cannot load is refused, never silently replaced by EJML.
 */
enum Backend {
    AUTO, EJML, OPENBLAS;

    /** System property naming the backend: auto, ejml or openblas. */
    static final String PROPERTY = "dev.backprop.optimized.backend";

    /**
     * The size from which auto sends a pass to OpenBLAS, in multiply-adds of its matrix products per call
     * ({@link #multiplyAdds}): 2¹¹. Measured on the benchmark machine (min of many calls, one thread, tanh, ½‖r‖²):
     * at (d,h,n,B) = (8,16,4,1), 448 multiply-adds, EJML takes 1.8 µs and OpenBLAS 2.3 µs (a JNI call and
     * OpenBLAS's set-up per product); at (8,16,4,4), 1,792, they are even (3.0 and 2.8 µs); from (16,16,4,4),
     * 2,816, OpenBLAS wins by a growing factor (2.3 against 3.8 µs; 0.069 against 0.31 ms at (64,64,10,32)).
     */
    static final long NATIVE_MIN_MULTIPLY_ADDS = 1L << 11;

    /**
     * The backend named by {@value #PROPERTY} (auto when unset).
     *
     * @throws IllegalArgumentException (one line, naming the property and the accepted values) for any other
     *         value, or when {@code openblas} is asked for and cannot load, or when
     *         {@value NativeBlas#THREADS_PROPERTY} is set but not a positive integer
     */
    static Backend fromProperties() {
        NativeBlas.threadsFromProperty();
        String text = System.getProperty(PROPERTY, "auto").trim();
        switch (text) {
            case "auto":
                return AUTO;
            case "ejml":
                return EJML;
            case "openblas":
                if (!NativeBlas.available()) {
                    throw new IllegalArgumentException("system property " + PROPERTY + "=openblas, but "
                            + NativeBlas.unavailableReason());
                }
                return OPENBLAS;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + " must be auto, ejml or openblas, "
                        + "not '" + text + "'");
        }
    }

    /**
     * Which code runs the products, in one line for reports, loading OpenBLAS first unless EJML is forced: the
     * form of {@link #description(String, int)} with OpenBLAS's actual state.
     */
    String description() {
        if (this == EJML) {
            return description(null, 0);
        }
        return description(NativeBlas.unavailableReason(), NativeBlas.threads());
    }

    /**
     * Which code runs the products, in one line, given why OpenBLAS could not load ({@code unavailable}, null if it
     * loaded) and its thread count: for auto, "openblas 0.3.31, 2 threads, passes of ≥ 2^11 multiply-adds; ejml
     * below" or "ejml (OpenBLAS unavailable: why)"; for a forced backend, that backend for every pass.
     */
    String description(String unavailable, int threads) {
        switch (this) {
            case EJML:
                return "ejml, every pass (system property " + PROPERTY + "=ejml)";
            case OPENBLAS:
                return openBlas(threads) + ", every pass (system property " + PROPERTY + "=openblas)";
            default:
                return unavailable != null ? "ejml (OpenBLAS unavailable: " + unavailable + ")"
                        : openBlas(threads) + ", passes of ≥ 2^" + Long.numberOfTrailingZeros(NATIVE_MIN_MULTIPLY_ADDS)
                                + " multiply-adds; ejml below";
        }
    }

    private static String openBlas(int threads) {
        return NativeBlas.version() + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    /**
     * Whether a pass with these widths n_0, …, n_L and batch size B runs on OpenBLAS: always for OPENBLAS, never
     * for EJML, and for AUTO when it is large enough and OpenBLAS loads (tried only then, so that small shapes never
     * load native code).
     */
    boolean usesOpenBlas(int[] widths, int batch) {
        switch (this) {
            case OPENBLAS:
                return true;
            case EJML:
                return false;
            default:
                return multiplyAdds(widths, batch) >= NATIVE_MIN_MULTIPLY_ADDS && NativeBlas.available();
        }
    }

    /**
     * The multiply-adds of one pass's products, 2 B n_1 n_0 + 3 B Σ_{k=2..L} n_k n_{k−1}: W_k S_{k−1} and
     * S_{k−1} G_kᵀ for every layer, n_k n_{k−1} B each, and W_kᵀ G_k for every layer k ≥ 2.
     */
    static long multiplyAdds(int[] widths, int batch) {
        long total = 0;
        for (int k = 1; k < widths.length; k++) {
            long layer = (long) widths[k] * widths[k - 1] * batch;
            total += k == 1 ? 2 * layer : 3 * layer;
        }
        return total;
    }
}
