package dev.backprop.optimized;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS's dgemm, through the JavaCPP presets {@code org.bytedeco:openblas} (Maven Central), loaded once and
 * only when first needed. Package-private: not API.
 *
 * <p>The native library ships for Linux x86-64 in the platform jar this module depends on; JavaCPP unpacks it
 * under the user's cache directory ({@code ~/.javacpp/cache}) on the first load, about a second once. Where it
 * cannot load (another OS or architecture, a read-only home, a JVM that forbids native code), {@link #available()}
 * is false, {@link #unavailableReason()} says why, and {@link OptimizedDeepBackprop} computes with EJML instead,
 * to the same results contract.
 *
 * <p>Threads: OpenBLAS is given {@link #threads()} threads, from the system property {@value #THREADS_PROPERTY}
 * (a positive integer), else the number of available processors; OpenBLAS itself runs a product on one thread
 * when it is too small for more to pay. dgemm may be called from several Java threads at once.
 *
 * <p>Rounding: OpenBLAS's kernels sum each entry of a product over k in blocks and with fused multiply-adds, in an
 * order other than EJML's. Any order of a sum of K products carries the same first-order bound, |error| ≤ K ε Σ|a||b|
 * (an FMA rounds once where a multiply and an add round twice, which only tightens it), so the rounding bounds
 * the verification module judges an implementation by hold for either backend.
 */
final class NativeBlas {
    /** System property: the number of OpenBLAS threads (default: the available processors). */
    static final String THREADS_PROPERTY = "dev.backprop.optimized.threads";

    private NativeBlas() {
    }

    /** Loaded on first use of {@link #available()}, by the JVM's class-initialisation lock, exactly once. */
    private static final class Loaded {
        static final int THREADS = threadsOrZero();
        /** Null when OpenBLAS is ready; otherwise why it could not be loaded. */
        static final String FAILURE = load(THREADS);
    }

    /** Whether OpenBLAS is loaded and ready; loads it on the first call (about a second the first time). */
    static boolean available() {
        return Loaded.FAILURE == null;
    }

    /** Why OpenBLAS could not be loaded, or null if it is available. */
    static String unavailableReason() {
        return Loaded.FAILURE;
    }

    /** OpenBLAS's name and version as its headers give them, lower case: "openblas 0.3.31". */
    static String version() {
        return openblas_nolapack.OPENBLAS_VERSION.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The number of threads OpenBLAS was given. */
    static int threads() {
        return Loaded.THREADS;
    }

    /**
     * The thread count of {@value #THREADS_PROPERTY}, or the available processors if it is not set.
     *
     * @throws IllegalArgumentException (one line, naming the property) if it is set but not a positive integer
     */
    static int threadsFromProperty() {
        String text = System.getProperty(THREADS_PROPERTY);
        if (text == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(text.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a number below 1
        }
        throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be a positive integer, not '"
                + text + "'");
    }

    /** The configured thread count, or 0 when the property is not a positive integer (package-private for tests). */
    static int threadsOrZero() {
        try {
            return threadsFromProperty();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * Configures OpenBLAS for {@code threads} threads and proves a product runs; null when ready, else why not.
     * Called once, by {@link Loaded}; package-private so that its outcomes can be tested outside that initialiser.
     */
    static String load(int threads) {
        if (threads == 0) {
            // Backend.fromProperties refuses this before any pass; recorded here too so nothing loads half-configured
            return "system property " + THREADS_PROPERTY + " is not a positive integer";
        }
        try {
            // initialising the class loads the native library; a 1×1 product proves the symbol resolves
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
            double[] one = {1.0};
            double[] out = {0.0};
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, 1, 1, 1, 1.0, one, 1, one, 1, 0.0, out, 1);
            return out[0] == 1.0 ? null : "OpenBLAS computed 1·1 = " + out[0];
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError: no native code for here
            // one line: it is printed in the gate's report header and in a refusal
            return "OpenBLAS could not be loaded: " + String.valueOf(e).replaceAll("\\s*\\R\\s*", " ");
        }
    }

    /**
     * C ← op(A) op(B) for row-major operands, where op(X) is X or Xᵀ: C is m×n, op(A) m×k, op(B) k×n, and lda,
     * ldb, ldc are the row lengths of A, B, C as stored. Only {@code c} is modified. The caller must have seen
     * {@link #available()} return true.
     */
    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, DoublePointer a, int lda,
            DoublePointer b, int ldb, DoublePointer c, int ldc) {
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
    }
}
