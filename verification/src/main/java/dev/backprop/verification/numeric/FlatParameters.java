package dev.backprop.verification.numeric;

import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.ShallowParameter;

/**
 * The parameters of a shallow network as one vector θ, so that the numeric oracles can perturb and
 * differentiate one coordinate at a time. Order: W1 row-major (w_ij at i·d + j), b1, W2 row-major, b2.
 */
public final class FlatParameters {
    private final int d;
    private final int h;
    private final int n;

    public FlatParameters(int d, int h, int n) {
        this.d = d;
        this.h = h;
        this.n = n;
    }

    public static FlatParameters of(ShallowNetwork network) {
        return new FlatParameters(network.inputSize(), network.hiddenSize(), network.outputSize());
    }

    public int count() {
        return h * d + h + n * h + n;
    }

    int w1(int i, int j) {
        return i * d + j;
    }

    int b1(int i) {
        return h * d + i;
    }

    int w2(int i, int j) {
        return h * d + h + i * h + j;
    }

    int b2(int i) {
        return h * d + h + n * h + i;
    }

    int d() {
        return d;
    }

    int h() {
        return h;
    }

    int n() {
        return n;
    }

    /** θ for {@code network}; a new array. */
    public double[] flatten(ShallowNetwork network) {
        double[] theta = new double[count()];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < d; j++) {
                theta[w1(i, j)] = network.w1().get(i, j);
            }
            theta[b1(i)] = network.b1().get(i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h; j++) {
                theta[w2(i, j)] = network.w2().get(i, j);
            }
            theta[b2(i)] = network.b2().get(i);
        }
        return theta;
    }

    /**
     * The gradient ∂ℓ/∂θ arranged in numerator layout (the seed's item 3): (∂ℓ/∂W1)_ji = ∂ℓ/∂w_ij, so the
     * d×h matrix holds at (j, i) the derivative with respect to w_ij.
     */
    public ShallowGradient toGradient(double[] g) {
        return new ShallowGradient(Layout.NUMERATOR,
                Matrix.fromFunction(d, h, (j, i) -> g[w1(i, j)]),
                Matrix.fromFunction(1, h, (z, i) -> g[b1(i)]),
                Matrix.fromFunction(h, n, (j, i) -> g[w2(i, j)]),
                Matrix.fromFunction(1, n, (z, i) -> g[b2(i)]));
    }

    /** The inverse of {@link #toGradient}: a numerator-layout gradient as a flat vector over θ. */
    public double[] flatten(ShallowGradient numerator) {
        ShallowGradient g = numerator.in(Layout.NUMERATOR);
        double[] flat = new double[count()];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < d; j++) {
                flat[w1(i, j)] = g.w1().get(j, i);
            }
            flat[b1(i)] = g.b1().get(0, i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h; j++) {
                flat[w2(i, j)] = g.w2().get(j, i);
            }
            flat[b2(i)] = g.b2().get(0, i);
        }
        return flat;
    }

    /** Which parameter and entry (in the parameter's own row/column) coordinate {@code p} of θ is. */
    public String describe(int p) {
        if (p < h * d) {
            return ShallowParameter.W1.seedName() + "[" + p / d + "," + p % d + "]";
        }
        p -= h * d;
        if (p < h) {
            return ShallowParameter.B1.seedName() + "[" + p + "]";
        }
        p -= h;
        if (p < n * h) {
            return ShallowParameter.W2.seedName() + "[" + p / h + "," + p % h + "]";
        }
        return ShallowParameter.B2.seedName() + "[" + (p - n * h) + "]";
    }

    /** True when coordinate {@code p} is an entry of W1 or b1, whose perturbation moves z. */
    boolean movesHiddenLayer(int p) {
        return p < h * d + h;
    }

    /** For a coordinate of W1 or b1: the hidden unit i whose z_i it moves. */
    int hiddenUnitOf(int p) {
        return p < h * d ? p / d : p - h * d;
    }

    /** For a coordinate of W1: the input j it multiplies; −1 for b1. */
    int inputOf(int p) {
        return p < h * d ? p % d : -1;
    }
}
