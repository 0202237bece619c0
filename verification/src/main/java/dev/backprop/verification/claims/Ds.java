package dev.backprop.verification.claims;

import dev.backprop.spec.Matrix;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/** Small building blocks for the smooth test functions the notation claims differentiate. */
final class Ds {
    private Ds() {
    }

    /** (A x)_i = Σ_j a_ij x_j. */
    static DerivativeStructure[] linear(Matrix a, DerivativeStructure[] x) {
        DerivativeStructure[] y = new DerivativeStructure[a.rows()];
        for (int i = 0; i < a.rows(); i++) {
            DerivativeStructure s = x[0].multiply(0.0);
            for (int j = 0; j < a.cols(); j++) {
                s = s.add(x[j].multiply(a.get(i, j)));
            }
            y[i] = s;
        }
        return y;
    }

    static DerivativeStructure[] tanh(DerivativeStructure[] x) {
        DerivativeStructure[] y = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].tanh();
        }
        return y;
    }

    static DerivativeStructure[] sin(DerivativeStructure[] x) {
        DerivativeStructure[] y = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].sin();
        }
        return y;
    }

    /** The entries of an n×m matrix of variables, row-major. */
    static DerivativeStructure[] rowMajor(DerivativeStructure[][] x) {
        int m = x[0].length;
        DerivativeStructure[] out = new DerivativeStructure[x.length * m];
        for (int k = 0; k < x.length; k++) {
            System.arraycopy(x[k], 0, out, k * m, m);
        }
        return out;
    }

    static double[] values(DerivativeStructure[] y) {
        double[] v = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            v[i] = y[i].getValue();
        }
        return v;
    }
}
