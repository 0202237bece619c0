package dev.backprop.verification.numeric;

import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a deep network as one vector θ, so that the numeric oracles can perturb and
 * differentiate one coordinate at a time. Order: W1 row-major (entry (i, j) at i·n₀ + j), b1, W2 row-major,
 * b2, …, WL, bL.
 */
public final class DeepParameters {
    private final int[] widths;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int count;

    private DeepParameters(int[] widths) {
        this.widths = widths.clone();
        int depth = widths.length - 1;
        weightOffset = new int[depth + 1];
        biasOffset = new int[depth + 1];
        long at = 0;
        for (int k = 1; k <= depth; k++) {
            weightOffset[k] = (int) at;
            at += (long) widths[k] * widths[k - 1];
            biasOffset[k] = (int) at;
            at += widths[k];
            if (at > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a network of " + at + "+ parameters is too large to flatten");
            }
        }
        count = (int) at;
    }

    public static DeepParameters of(DeepNetwork network) {
        int[] widths = new int[network.depth() + 1];
        for (int k = 0; k <= network.depth(); k++) {
            widths[k] = network.width(k);
        }
        return new DeepParameters(widths);
    }

    public int count() {
        return count;
    }

    /** L. */
    int depth() {
        return widths.length - 1;
    }

    /** n_k. */
    int width(int k) {
        return widths[k];
    }

    /** The first coordinate of W_k, whose entries follow row by row: (W_k)_ij at this plus i·n_{k−1} + j. */
    public int weightOffset(int k) {
        return weightOffset[k];
    }

    /** The first coordinate of b_k, whose entries follow: (b_k)_i at this plus i. */
    public int biasOffset(int k) {
        return biasOffset[k];
    }

    /** The coordinate of (W_k)_ij. */
    int weight(int k, int i, int j) {
        return weightOffset[k] + i * widths[k - 1] + j;
    }

    /** The coordinate of (b_k)_i. */
    int bias(int k, int i) {
        return biasOffset[k] + i;
    }

    /** The layer k whose W_k or b_k holds coordinate p. */
    int layerOf(int p) {
        int k = depth();
        while (weightOffset[k] > p) {
            k--;
        }
        return k;
    }

    /** θ for {@code network}; a new array. */
    public double[] flatten(DeepNetwork network) {
        double[] theta = new double[count];
        for (int k = 1; k <= depth(); k++) {
            Matrix w = network.weight(k);
            for (int i = 0; i < widths[k]; i++) {
                for (int j = 0; j < widths[k - 1]; j++) {
                    theta[weight(k, i, j)] = w.get(i, j);
                }
                theta[bias(k, i)] = network.bias(k).get(i);
            }
        }
        return theta;
    }

    /**
     * ∂ℓ/∂θ arranged in numerator layout (seed item 3): (∂ℓ/∂W_k)_ji = ∂ℓ/∂(W_k)_ij, so the n_{k−1}×n_k
     * matrix holds at (j, i) the derivative with respect to (W_k)_ij; ∂ℓ/∂b_k is 1×n_k.
     */
    public DeepGradient toGradient(double[] g) {
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= depth(); k++) {
            int layer = k;
            w.add(Matrix.fromFunction(widths[k - 1], widths[k], (j, i) -> g[weight(layer, i, j)]));
            b.add(Matrix.fromFunction(1, widths[k], (z, i) -> g[bias(layer, i)]));
        }
        return new DeepGradient(Layout.NUMERATOR, w, b);
    }

    /** The inverse of {@link #toGradient}: a gradient in either layout as a flat vector over θ. */
    public double[] flatten(DeepGradient gradient) {
        DeepGradient g = gradient.in(Layout.NUMERATOR);
        double[] flat = new double[count];
        for (int k = 1; k <= depth(); k++) {
            for (int i = 0; i < widths[k]; i++) {
                for (int j = 0; j < widths[k - 1]; j++) {
                    flat[weight(k, i, j)] = g.weight(k).get(j, i);
                }
                flat[bias(k, i)] = g.bias(k).get(0, i);
            }
        }
        return flat;
    }

    /** The parameter that holds coordinate p. */
    public DeepParameter parameterOf(int p) {
        int k = layerOf(p);
        return p < biasOffset[k] ? DeepParameter.weight(k) : DeepParameter.bias(k);
    }

    /** Which parameter and entry coordinate p is, in the parameter's own (row, column): e.g. {@code "W2[1,0]"}. */
    public String describe(int p) {
        int k = layerOf(p);
        if (p < biasOffset[k]) {
            int at = p - weightOffset[k];
            return "W" + k + "[" + at / widths[k - 1] + "," + at % widths[k - 1] + "]";
        }
        return "b" + k + "[" + (p - biasOffset[k]) + "]";
    }
}
