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
    private ActivationKernels() {
    }

    /**
     * In place: on entry {@code zThenS} holds W⁽¹⁾X (h×B); on return it holds S with s_ib = σ(z_ib) and
     * {@code sPrime} holds σ'(z_ib), where z_ib = (W⁽¹⁾X)_ib + b_i. {@code bias} (h×1) is not modified.
     *
     * <p>For tanh and the logistic sigmoid σ' is taken from σ itself (1 − σ² and σ(1 − σ)), which halves the
     * transcendental calls and is, operation for operation, how {@link Activation#derivative} computes it,
     * so the results are bitwise those of calling it. Every other activation calls
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
            for (int i = 0; i < h; i++) {
                double bi = b[i];
                for (int at = i * batch, end = at + batch; at < end; at++) {
                    double t = activation.value(s[at] + bi);
                    s[at] = t;
                    sp[at] = 1.0 - t * t;
                }
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
