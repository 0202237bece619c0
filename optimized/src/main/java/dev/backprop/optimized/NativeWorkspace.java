package dev.backprop.optimized;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * The operands OpenBLAS reads and writes in a pass of {@link NativeDeepPass}, off the Java heap, for one shape
 * (n_0, …, n_L, B). Package-private: not API, and not thread-safe: scratch space each pass overwrites.
 *
 * <p>Why off-heap: JavaCPP hands a Java {@code double[]} to native code by copying it in and out on every call
 * (measured on the 512×784·784×256 product: 7.7 ms with arrays, 4.6 ms with native memory). So W_k, S_{k−1} and
 * G_k live here, each row-major as in {@link DeepWorkspace}, and Java code reads and writes them through
 * {@link DoubleBuffer} views (absolute and bulk get/put, which are memory copies). Native memory is freed by
 * JavaCPP once the workspace is unreachable.
 */
final class NativeWorkspace {
    /** W_k, n_k×n_{k−1}, k = 1..L. */
    final DoublePointer[] w;
    /** S_k, n_k×B, k = 0..L−1 (S_0 = X). */
    final DoublePointer[] s;
    /** G_k, n_k×B, k = 1..L (each holds a product before the Java pass over it turns it into G_k). */
    final DoublePointer[] g;
    /** ∂ℓ/∂W_k = S_{k−1} G_kᵀ, n_{k−1}×n_k, k = 1..L. */
    final DoublePointer[] dW;
    /** Views of {@link #w}, {@link #s}, {@link #g}, {@link #dW}, entry for entry. */
    final DoubleBuffer[] wView;
    final DoubleBuffer[] sView;
    final DoubleBuffer[] gView;
    final DoubleBuffer[] dWView;

    /**
     * Allocates native memory for the shape of {@code heap}, which has already been checked for size.
     *
     * @throws IllegalStateException if OpenBLAS (and with it JavaCPP's own native library, which allocates the
     *         memory) is not loaded: callers choose this path only after {@link NativeBlas#available()}
     */
    NativeWorkspace(DeepWorkspace heap) {
        if (!NativeBlas.available()) {
            throw new IllegalStateException("native workspace without OpenBLAS: " + NativeBlas.unavailableReason());
        }
        int depth = heap.depth;
        int batch = heap.batch;
        int[] n = heap.widths;
        w = new DoublePointer[depth + 1];
        s = new DoublePointer[depth + 1];
        g = new DoublePointer[depth + 1];
        dW = new DoublePointer[depth + 1];
        wView = new DoubleBuffer[depth + 1];
        sView = new DoubleBuffer[depth + 1];
        gView = new DoubleBuffer[depth + 1];
        dWView = new DoubleBuffer[depth + 1];
        s[0] = new DoublePointer((long) n[0] * batch);
        sView[0] = s[0].asBuffer();
        for (int k = 1; k <= depth; k++) {
            w[k] = new DoublePointer((long) n[k] * n[k - 1]);
            g[k] = new DoublePointer((long) n[k] * batch);
            dW[k] = new DoublePointer((long) n[k - 1] * n[k]);
            wView[k] = w[k].asBuffer();
            gView[k] = g[k].asBuffer();
            dWView[k] = dW[k].asBuffer();
            if (k < depth) {
                s[k] = new DoublePointer((long) n[k] * batch);
                sView[k] = s[k].asBuffer();
            }
        }
    }
}
