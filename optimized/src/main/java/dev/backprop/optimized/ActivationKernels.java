package dev.backprop.optimized;

import dev.backprop.spec.Activation;
import org.ejml.data.DMatrixRMaj;

/**
 * The fused hidden-layer pass, of the shallow network and of every hidden layer of a deep one.
 * Package-private: not API.
 *
 * <p>One sweep over the h×B pre-activations W⁽¹⁾X turns them into S = σ(Z) and σ'(Z), where
 * Z = W⁽¹⁾X + b₁1ᵀ: the bias is added, σ and σ' evaluated, and Z itself is never stored. Hidden layer k of a
 * deep network is the same pass with W_k S_{k−1}, b_k and σ_k in place of W⁽¹⁾X, b₁ and σ.
 */
final class ActivationKernels {
    /** Entries per call of {@link FastTanh#tanhAndDerivative}: 512 entries of S and S' are 8 KB, well inside L1. */
    static final int CHUNK = 512;

    private ActivationKernels() {
    }

    /**
     * In place: on entry {@code zThenS} holds W⁽¹⁾X (h×B); on return it holds S with s_ib = σ(z_ib) and
     * {@code sPrime} holds σ'(z_ib), where z_ib = (W⁽¹⁾X)_ib + b_i. {@code bias} (h×1) is not modified.
     *
     * <p>For tanh and the logistic sigmoid σ' is taken from σ itself (1 − σ² and σ(1 − σ)), which halves the
     * transcendental calls and is, operation for operation, how {@link Activation#derivative} computes it from
     * σ. tanh itself is {@link FastTanh} (within 2ε relative, where {@code Math.tanh} allows 2.5 ulps, and
     * several times faster on JDK 17), so s and σ' may differ from {@link Activation#value} in the last bits; the
     * logistic sigmoid's σ is {@link Activation#value} itself. Every other activation calls
     * {@link Activation#value} and {@link Activation#derivative}.
     */
    static void biasActivate(Activation activation, DMatrixRMaj zThenS, DMatrixRMaj bias,
            DMatrixRMaj sPrime) {
        int h = zThenS.numRows;
        int batch = zThenS.numCols;
        if (bias.getNumElements() != h || sPrime.numRows != h || sPrime.numCols != batch) {
            throw new IllegalStateException("hidden-layer pass: Z is " + h + "×" + batch + ", the bias has "
                    + bias.getNumElements() + " entries, σ'(Z) is " + sPrime.numRows + "×" + sPrime.numCols);
        }
        double[] s = zThenS.data;
        double[] sp = sPrime.data;
        double[] b = bias.data;
        // The choice is hoisted out of the loop so that each loop body is straight-line code.
        if (activation == Activation.TANH) {
            // rows in groups of about CHUNK entries (at least one row): see FastTanh.tanhAndDerivative
            int rows = Math.max(1, CHUNK / batch);
            for (int i = 0; i < h; i += rows) {
                FastTanh.tanhAndDerivative(s, sp, b, i, Math.min(h, i + rows), batch);
            }
        } else if (activation == Activation.SIGMOID) {
            for (int i = 0; i < h; i++) {
                double bi = b[i];
                for (int at = i * batch, end = at + batch; at < end; at++) {
                    double v = activation.value(s[at] + bi);
                    s[at] = v;
                    sp[at] = v * (1.0 - v);
                }
            }
        } else {
            for (int i = 0; i < h; i++) {
                double bi = b[i];
                for (int at = i * batch, end = at + batch; at < end; at++) {
                    double z = s[at] + bi;
                    s[at] = activation.value(z);
                    sp[at] = activation.derivative(z);
                }
            }
        }
    }
}
