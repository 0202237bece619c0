package dev.backprop.spec;

import java.util.List;
import java.util.Locale;

/**
 * A perceptron of depth L ≥ 1, the seed's shallow network (L = 2) and Diagram 3's two-hidden-layer network
 * (L = 3) generalised. With s₀ = x ∈ R^{n₀} (n₀ = d):
 * <pre>
 *   z_k = W_k s_{k−1} + b_k ∈ R^{n_k},   s_k = σ_k(z_k)     for k = 1, …, L−1   (hidden layers)
 *   ŷ  = z_L = W_L s_{L−1} + b_L ∈ R^{n_L}                                     (linear output layer)
 * </pre>
 * with W_k ∈ R^{n_k × n_{k−1}}, b_k ∈ R^{n_k}, and each hidden layer its own activation σ_k. Layers are
 * numbered from 1 as in the seed (W1, b1, W2, …); L = 1 is the affine model ŷ = W1 x + b1.
 *
 * <p>This is the suite's input boundary for deep parameters: the constructor refuses shapes that do not
 * chain and NaN/Inf entries, naming the parameter and the entry. The lists are copied; the matrices are
 * immutable, so nothing the caller holds can change the network afterwards.
 */
public final class DeepNetwork {
    /** The deepest network the suite accepts: far beyond any check it runs, far below a resource problem. */
    public static final int MAX_DEPTH = 64;

    private final List<Matrix> weights;
    private final List<Vector> biases;
    private final List<Activation> activations;

    /**
     * @param weights     W1, …, WL
     * @param biases      b1, …, bL
     * @param activations σ1, …, σ_{L−1}: one per hidden layer (empty for L = 1)
     */
    public DeepNetwork(List<Matrix> weights, List<Vector> biases, List<Activation> activations) {
        if (weights == null || biases == null || activations == null) {
            throw new IllegalArgumentException("weights, biases and activations are all required");
        }
        int depth = weights.size();
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a network has 1 to " + MAX_DEPTH + " layers, got " + depth);
        }
        if (biases.size() != depth) {
            throw new IllegalArgumentException(depth + " weight matrices need " + depth + " bias vectors, got "
                    + biases.size());
        }
        if (activations.size() != depth - 1) {
            throw new IllegalArgumentException(depth + " layers have " + (depth - 1)
                    + " hidden layers, one activation each; got " + activations.size()
                    + " activations (the output layer is linear)");
        }
        for (int k = 1; k <= depth; k++) {
            Matrix w = weights.get(k - 1);
            Vector b = biases.get(k - 1);
            if (w == null || b == null) {
                throw new IllegalArgumentException("W" + k + " or b" + k + " is missing");
            }
            ShapeMismatchException.require(b.size() == w.rows(), "layer " + k, "W" + k + " is " + w.shape(),
                    "b" + k + " is " + b.shape(), "b" + k + " needs one entry per row of W" + k);
            if (k > 1) {
                Matrix previous = weights.get(k - 2);
                ShapeMismatchException.require(w.cols() == previous.rows(), "layers " + (k - 1) + " and " + k,
                        "W" + (k - 1) + " is " + previous.shape(), "W" + k + " is " + w.shape(),
                        "W" + k + " needs one column per row of W" + (k - 1));
            }
            NonFiniteValueException.requireFinite("W" + k, w);
            NonFiniteValueException.requireFinite("b" + k, b);
            if (k < depth && activations.get(k - 1) == null) {
                throw new IllegalArgumentException("the activation of hidden layer " + k + " is missing");
            }
        }
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
        this.activations = List.copyOf(activations);
    }

    /** The seed's shallow network as a network of depth 2. */
    public static DeepNetwork of(ShallowNetwork shallow) {
        return new DeepNetwork(List.of(shallow.w1(), shallow.w2()), List.of(shallow.b1(), shallow.b2()),
                List.of(shallow.activation()));
    }

    /** L, the number of weight layers (hidden layers + 1). */
    public int depth() {
        return weights.size();
    }

    /** W_k, n_k × n_{k−1}, for 1 ≤ k ≤ L. */
    public Matrix weight(int k) {
        return weights.get(checkLayer(k) - 1);
    }

    /** b_k, length n_k, for 1 ≤ k ≤ L. */
    public Vector bias(int k) {
        return biases.get(checkLayer(k) - 1);
    }

    /** σ_k of hidden layer k, 1 ≤ k ≤ L − 1. */
    public Activation activation(int k) {
        if (k < 1 || k >= depth()) {
            throw new IndexOutOfBoundsException("hidden layers are 1.." + (depth() - 1) + ", got " + k);
        }
        return activations.get(k - 1);
    }

    /** n_k for 0 ≤ k ≤ L: n₀ = d is the input size, n_L the output size. */
    public int width(int k) {
        if (k < 0 || k > depth()) {
            throw new IndexOutOfBoundsException("widths are n0..n" + depth() + ", got n" + k);
        }
        return k == 0 ? weights.get(0).cols() : weights.get(k - 1).rows();
    }

    /** d = n₀. */
    public int inputSize() {
        return width(0);
    }

    /** n = n_L. */
    public int outputSize() {
        return width(depth());
    }

    /** The number of scalar parameters, Σ_k n_k (n_{k−1} + 1). */
    public long parameterCount() {
        long count = 0;
        for (int k = 1; k <= depth(); k++) {
            count += (long) width(k) * (width(k - 1) + 1);
        }
        return count;
    }

    /** The parameters in order W1, b1, W2, b2, …, WL, bL. */
    public List<DeepParameter> parameters() {
        return DeepParameter.ofDepth(depth());
    }

    /** The value of one parameter: W_k, or b_k as an n_k×1 column. */
    public Matrix get(DeepParameter p) {
        return p.isWeight() ? weight(p.layer()) : bias(p.layer()).asColumn();
    }

    /** The shapes as text, e.g. {@code "d=4 →3 tanh →2 relu →n=2"}. */
    public String describe() {
        StringBuilder out = new StringBuilder("d=").append(inputSize());
        for (int k = 1; k < depth(); k++) {
            out.append(" →").append(width(k)).append(' ').append(activation(k).reportName());
        }
        return out.append(" →n=").append(outputSize()).toString();
    }

    private int checkLayer(int k) {
        if (k < 1 || k > depth()) {
            throw new IndexOutOfBoundsException("layers are 1.." + depth() + ", got " + k);
        }
        return k;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DeepNetwork[").append(describe());
        for (int k = 1; k <= depth(); k++) {
            out.append(String.format(Locale.ROOT, ", W%d=%s, b%d=%s", k, weight(k), k, bias(k)));
        }
        return out.append(']').toString();
    }
}
