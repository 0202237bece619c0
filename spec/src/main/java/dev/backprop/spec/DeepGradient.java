package dev.backprop.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gradient of ℓ with respect to every parameter of a {@link DeepNetwork}, with its {@link Layout}.
 *
 * <p>In {@link Layout#NUMERATOR} (the seed's): ∂ℓ/∂W_k is n_{k−1}×n_k and ∂ℓ/∂b_k is 1×n_k. In
 * {@link Layout#DENOMINATOR}: n_k×n_{k−1} and n_k×1, the shapes of W_k and b_k. The constructor checks
 * that the shapes are those of one network in the declared layout and names the first that is not, and that
 * every entry is finite (a NaN or an overflow is never a gradient), naming the entry.
 */
public final class DeepGradient {
    private final Layout layout;
    private final List<Matrix> weights;
    private final List<Matrix> biases;

    /**
     * @param weights ∂ℓ/∂W1, …, ∂ℓ/∂WL in {@code layout}
     * @param biases  ∂ℓ/∂b1, …, ∂ℓ/∂bL in {@code layout}
     */
    public DeepGradient(Layout layout, List<Matrix> weights, List<Matrix> biases) {
        if (layout == null || weights == null || biases == null) {
            throw new IllegalArgumentException("layout, weight gradients and bias gradients are all required");
        }
        if (weights.isEmpty() || weights.size() != biases.size()) {
            throw new IllegalArgumentException("a gradient needs one weight and one bias gradient per layer, got "
                    + weights.size() + " and " + biases.size());
        }
        boolean denominator = layout == Layout.DENOMINATOR;
        String in = "gradient in " + layout.name().toLowerCase(Locale.ROOT) + " layout";
        for (int k = 1; k <= weights.size(); k++) {
            Matrix w = weights.get(k - 1);
            Matrix b = biases.get(k - 1);
            if (w == null || b == null) {
                throw new IllegalArgumentException(in + ": ∂ℓ/∂W" + k + " or ∂ℓ/∂b" + k + " is missing");
            }
            // a gradient with NaN or ±Inf is never a result: finite inputs whose products overflow end here
            NonFiniteValueException.requireFinite("∂ℓ/∂W" + k, w);
            NonFiniteValueException.requireFinite("∂ℓ/∂b" + k, b);
            // read every shape in the parameter's own orientation: W_k n_k × n_{k−1}, b_k n_k × 1
            int rows = denominator ? w.rows() : w.cols();
            int bRows = denominator ? b.rows() : b.cols();
            int bCols = denominator ? b.cols() : b.rows();
            ShapeMismatchException.require(bRows == rows && bCols == 1, in, "∂ℓ/∂W" + k + " is " + w.shape(),
                    "∂ℓ/∂b" + k + " is " + b.shape(), "∂ℓ/∂b" + k + " needs one entry per unit of layer " + k);
            if (k > 1) {
                Matrix previous = weights.get(k - 2);
                int previousRows = denominator ? previous.rows() : previous.cols();
                int cols = denominator ? w.cols() : w.rows();
                ShapeMismatchException.require(cols == previousRows, in,
                        "∂ℓ/∂W" + (k - 1) + " is " + previous.shape(), "∂ℓ/∂W" + k + " is " + w.shape(),
                        "both must agree on the width of layer " + (k - 1));
            }
        }
        this.layout = layout;
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
    }

    public Layout layout() {
        return layout;
    }

    /** L. */
    public int depth() {
        return weights.size();
    }

    /** ∂ℓ/∂W_k in this gradient's layout, 1 ≤ k ≤ L. */
    public Matrix weight(int k) {
        return weights.get(checkLayer(k) - 1);
    }

    /** ∂ℓ/∂b_k in this gradient's layout, 1 ≤ k ≤ L. */
    public Matrix bias(int k) {
        return biases.get(checkLayer(k) - 1);
    }

    /** ∂ℓ/∂p in this gradient's layout. */
    public Matrix get(DeepParameter p) {
        return p.isWeight() ? weight(p.layer()) : bias(p.layer());
    }

    /** The parameters in order W1, b1, …, WL, bL. */
    public List<DeepParameter> parameters() {
        return DeepParameter.ofDepth(depth());
    }

    /** The same gradient in {@code target} layout: every entry transposed if the layouts differ. */
    public DeepGradient in(Layout target) {
        if (target == layout) {
            return this;
        }
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        for (int k = 1; k <= depth(); k++) {
            w.add(weight(k).transpose());
            b.add(bias(k).transpose());
        }
        return new DeepGradient(target, w, b);
    }

    /**
     * Throws unless this gradient has the shapes of {@code network}'s parameters in its layout, naming the
     * first parameter that does not.
     */
    public void requireFits(DeepNetwork network) {
        ShapeMismatchException.require(depth() == network.depth(), "gradient for network",
                "the gradient has " + depth() + " layers", "the network has " + network.depth(),
                "one weight and one bias gradient per layer");
        DeepGradient g = in(Layout.DENOMINATOR);
        for (DeepParameter p : network.parameters()) {
            Matrix want = network.get(p);
            Matrix got = g.get(p);
            ShapeMismatchException.require(got.sameShape(want), "gradient for network",
                    "∂ℓ/∂" + p.seedName() + " is " + get(p).shape() + " in " + layout.name().toLowerCase(Locale.ROOT)
                            + " layout", p.seedName() + " is " + want.shape(),
                    "a gradient has its parameter's shape (denominator) or its transpose (numerator)");
        }
    }

    private int checkLayer(int k) {
        if (k < 1 || k > depth()) {
            throw new IndexOutOfBoundsException("layers are 1.." + depth() + ", got " + k);
        }
        return k;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DeepGradient[").append(layout);
        for (int k = 1; k <= depth(); k++) {
            out.append(", W").append(k).append('=').append(weight(k)).append(", b").append(k).append('=')
                    .append(bias(k));
        }
        return out.append(']').toString();
    }
}
