package dev.backprop.optimized;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.spec.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Backpropagation through a {@link DeepNetwork} for a whole batch at once, as dense matrix products (EJML):
 * the per-sample chain rule of {@link DeepBackprop} with the samples as columns.
 *
 * <p>With S_0 = X ∈ R^{d×B} (column b is x_b), Y ∈ R^{n×B} (column b is y_b), 1 ∈ R^B the vector of ones and
 * w = {@link dev.backprop.spec.Reduction#weight}(B):
 * <pre>
 *   Z_k = W_k S_{k−1} + b_k 1ᵀ                 n_k×B   k = 1, …, L
 *   S_k = σ_k(Z_k),  S'_k = σ_k'(Z_k)          n_k×B   k = 1, …, L−1, element-wise
 *   Ŷ   = Z_L                                   n×B     the output layer is linear
 *   G_L = w ∂ℓ_b/∂ŷ per column                  n×B     column b is w (∂ℓ_b/∂ŷ_b)ᵀ
 *   G_k = (W_{k+1}ᵀ G_{k+1}) ⊙ S'_k             n_k×B   k = L−1, …, 1; column b is w g_kᵀ of sample b
 * </pre>
 * Summing the per-sample outer products s_{k−1} g_k over b turns each into one matrix product,
 * w Σ_b s_{k−1,b} g_{k,b} = S_{k−1} G_kᵀ, and the bias gradients into row sums of G_k.
 *
 * <p>Results are in the seed's {@link Layout#NUMERATOR} layout. No argument is modified (the spec's values are
 * immutable), and each call first checks that the batch fits the network and that its targets suit the loss
 * ({@link Objective#requireFits}).
 *
 * <p><b>Backends.</b> The products of a pass of at least 2¹¹ multiply-adds go to OpenBLAS
 * ({@code org.bytedeco:openblas}, native code for Linux x86-64, unpacked under {@code ~/.javacpp/cache} on first
 * use), which runs them near the machine's peak; smaller passes, and every pass where OpenBLAS cannot load, use
 * EJML. Both compute the same lines in the same order with the same element-wise passes; only the order of the
 * sums inside each product differs, which the first-order rounding bound of a K-term sum covers either way. The
 * system properties read by the constructor can force either backend. {@link #backendDescription} says which
 * backend an instance uses and, when OpenBLAS could not load, why; the gate prints it in its report.
 *
 * <p><b>Not thread-safe.</b> An instance keeps one workspace of dense matrices for the shape (n_0, …, n_L, B)
 * of its last call and reuses it when the next call has the same shape, reallocating it only when the shape
 * changes. Use one instance per thread. The network and batch are copied into the workspace entry by entry;
 * once the workspace exists, {@link #gradientInto} allocates nothing at all, and {@link #gradient} only the
 * returned spec matrices and the gradient holding them.
 */
public final class OptimizedDeepBackprop implements DeepBackprop {
    private final Backend backend;
    private DeepWorkspace workspace;
    /** Native operands of {@link #workspace}'s shape when its products go to OpenBLAS, else null. */
    private NativeWorkspace nativeWorkspace;
    /** Allocates the native operands of a shape; a field only so that a test can make the allocation fail. */
    Function<DeepWorkspace, NativeWorkspace> allocateNative = NativeWorkspace::new;

    /**
     * A backprop with no workspace yet; the first call allocates one for its shape. The backend of the matrix
     * products is read here from the system property {@code dev.backprop.optimized.backend}: {@code auto} (the
     * default: OpenBLAS for passes of at least 2¹¹ multiply-adds when it loads, EJML otherwise), {@code ejml} or
     * {@code openblas}; {@code dev.backprop.optimized.threads} sets OpenBLAS's thread count (default: the
     * available processors).
     *
     * @throws IllegalArgumentException (one line naming the property) if either property has another value, or
     *         if {@code openblas} is asked for where it cannot load
     */
    public OptimizedDeepBackprop() {
        backend = Backend.fromProperties();
    }

    /**
     * Which code runs this instance's matrix products, in one line for reports, e.g. "openblas 0.3.31, 2 threads,
     * passes of ≥ 2^11 multiply-adds; ejml below", or "ejml (OpenBLAS unavailable: why)" when {@code auto} fell back
     * to EJML. Under {@code auto} it loads OpenBLAS to find out (about a second, the first time in a process).
     */
    public String backendDescription() {
        return backend.description();
    }

    /**
     * ∂ℓ/∂W_k and ∂ℓ/∂b_k for every layer k of ℓ = w Σ_b ℓ_b(ŷ_b, y_b), in {@link Layout#NUMERATOR} layout:
     * <ul>
     *   <li>∂ℓ/∂W_k = S_{k−1} G_kᵀ ∈ R^{n_{k−1}×n_k}, (∂ℓ/∂W_k)_ji = Σ_b s_jb g_ib with s from S_{k−1} and g
     *       from G_k;</li>
     *   <li>∂ℓ/∂b_k = (G_k 1)ᵀ ∈ R^{1×n_k}, (∂ℓ/∂b_k)_1i = Σ_b g_ib;</li>
     * </ul>
     * with S_0 = X and G_k as in the class comment. No argument is modified.
     *
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     * @throws IllegalArgumentException if the targets are not valid for the loss
     */
    @Override
    public DeepGradient gradient(DeepNetwork network, Batch batch, Objective objective) {
        Objective.check(objective, network, batch);
        DeepWorkspace ws = forwardAndBackward(network, batch, objective);
        List<Matrix> weights = new ArrayList<>(ws.depth);
        List<Matrix> biases = new ArrayList<>(ws.depth);
        for (int k = 1; k <= ws.depth; k++) {
            weights.add(Ejml.toMatrix(ws.dW[k]));
            biases.add(Ejml.toRow(ws.db[k]));
        }
        return new DeepGradient(Layout.NUMERATOR, weights, biases);
    }

    /**
     * The gradient of {@link #gradient}, written flat into {@code into} (the only argument modified), in this
     * order: for k = 1, …, L, first ∂ℓ/∂W_k in numerator layout, row-major (n_{k−1}×n_k: entry (j, i), that
     * is ∂ℓ/∂(W_k)_ij, at offset + j·n_k + i), then ∂ℓ/∂b_k (n_k entries, entry i at offset + n_{k−1}·n_k + i),
     * where offset = Σ_{m&lt;k} n_m (n_{m−1} + 1). Every entry of {@code into} is overwritten.
     *
     * <p>Once this instance has a workspace for the shape (after the first call at that shape), a call that
     * succeeds allocates nothing on the heap: it is meant for loops (training, finite differences, benchmarks)
     * that must not create garbage.
     *
     * @param into an array of exactly {@link DeepNetwork#parameterCount()} entries
     * @throws dev.backprop.spec.ShapeMismatchException if the batch does not fit the network
     * @throws IllegalArgumentException if the targets are not valid for the loss, or if {@code into} does not
     *         have one entry per parameter (the message names both lengths)
     */
    public void gradientInto(DeepNetwork network, Batch batch, Objective objective, double[] into) {
        // allocates nothing when the batch fits: the spec builds its messages only when it throws
        Objective.check(objective, network, batch);
        if (into == null) {
            throw new IllegalArgumentException("into is missing");
        }
        long count = network.parameterCount();
        if (into.length != count) {
            throw new IllegalArgumentException("gradientInto: into has " + into.length + " entries but the network "
                    + network.describe() + " has " + count + " parameters");
        }
        DeepWorkspace ws = forwardAndBackward(network, batch, objective);
        // checked before anything is written, so that a refused call leaves `into` as it was
        for (int k = 1; k <= ws.depth; k++) {
            requireFinite(ws.dW[k], "∂ℓ/∂W", k);
            requireFinite(ws.db[k], "∂ℓ/∂b", k);
        }
        int offset = 0;
        for (int k = 1; k <= ws.depth; k++) {
            // ∂ℓ/∂W_k is held n_{k−1}×n_k row-major and ∂ℓ/∂b_k as a column: both already in the flat order.
            int weights = ws.dW[k].getNumElements();
            System.arraycopy(ws.dW[k].data, 0, into, offset, weights);
            offset += weights;
            int biases = ws.db[k].getNumElements();
            System.arraycopy(ws.db[k].data, 0, into, offset, biases);
            offset += biases;
        }
    }

    /**
     * Throws, naming the parameter and the entry, if the finite inputs overflowed into a non-finite gradient
     * entry; allocates nothing otherwise.
     */
    private static void requireFinite(DMatrixRMaj m, String name, int layer) {
        double[] data = m.data;
        for (int at = 0, end = m.getNumElements(); at < end; at++) {
            if (!Double.isFinite(data[at])) {
                throw new NonFiniteValueException(name + layer + " has " + data[at] + " at (" + at / m.numCols + ", "
                        + at % m.numCols + "): the network and batch are finite, but the gradient overflows doubles");
            }
        }
    }

    /**
     * Fills the workspace's S_k, S'_k, G_k, ∂ℓ/∂W_k and ∂ℓ/∂b_k (the class comment's lines) for this network,
     * batch and objective, which the caller has checked fit each other: with OpenBLAS's products when this
     * shape was given a native workspace, with EJML's otherwise.
     */
    private DeepWorkspace forwardAndBackward(DeepNetwork network, Batch batch, Objective objective) {
        DeepWorkspace ws = workspaceFor(network, batch.size());
        if (nativeWorkspace != null) {
            NativeDeepPass.forwardAndBackward(network, batch, objective, ws, nativeWorkspace);
        } else {
            EjmlDeepPass.forwardAndBackward(network, batch, objective, ws);
        }
        return ws;
    }

    private DeepWorkspace workspaceFor(DeepNetwork network, int batch) {
        if (workspace == null || !workspace.fits(network, batch)) {
            // The old workspace is dropped rather than resized: shapes change rarely, and exact sizes keep
            // every matrix's storage the length of its entries. Both are built before either is kept: if an
            // allocation throws, the instance keeps the old pair, which still matches, and never a new heap
            // workspace with the old shape's native operands.
            DeepWorkspace heap = new DeepWorkspace(network, batch);
            NativeWorkspace operands = backend.usesOpenBlas(heap.widths, batch) ? allocateNative.apply(heap) : null;
            workspace = heap;
            nativeWorkspace = operands;
        }
        return workspace;
    }
}
