package dev.backprop.spec;

import java.util.EnumMap;
import java.util.Map;

/**
 * The gradient of ℓ with respect to the four parameters of a {@link ShallowNetwork}, with its {@link Layout}.
 *
 * <p>In {@link Layout#NUMERATOR} (the seed's Prop 2): ∂ℓ/∂W1 is d×h, ∂ℓ/∂b1 is 1×h, ∂ℓ/∂W2 is h×n,
 * ∂ℓ/∂b2 is 1×n. In {@link Layout#DENOMINATOR}: h×d, h×1, n×h, n×1. The constructor checks that the four
 * shapes are those of one network in the declared layout and names the one that is not.
 */
public final class ShallowGradient {
    private final Layout layout;
    private final Map<ShallowParameter, Matrix> values = new EnumMap<>(ShallowParameter.class);

    public ShallowGradient(Layout layout, Matrix w1, Matrix b1, Matrix w2, Matrix b2) {
        if (layout == null) {
            throw new IllegalArgumentException("layout is missing");
        }
        this.layout = layout;
        // Read the shapes in the parameters' own orientation (denominator layout): W1 h×d, b1 h×1, W2 n×h,
        // b2 n×1. In numerator layout every shape is the transpose.
        boolean denominator = layout == Layout.DENOMINATOR;
        int h = denominator ? w1.rows() : w1.cols();
        int b1Rows = denominator ? b1.rows() : b1.cols();
        int b1Cols = denominator ? b1.cols() : b1.rows();
        int w2Rows = denominator ? w2.rows() : w2.cols();
        int w2Cols = denominator ? w2.cols() : w2.rows();
        int b2Rows = denominator ? b2.rows() : b2.cols();
        int b2Cols = denominator ? b2.cols() : b2.rows();
        String in = layout.name().toLowerCase(java.util.Locale.ROOT) + " layout";
        ShapeMismatchException.require(b1Rows == h && b1Cols == 1, "gradient in " + in,
                "∂ℓ/∂W1 is " + w1.shape(), "∂ℓ/∂b1 is " + b1.shape(), "∂ℓ/∂b1 must have one entry per hidden unit");
        ShapeMismatchException.require(w2Cols == h, "gradient in " + in,
                "∂ℓ/∂W1 is " + w1.shape(), "∂ℓ/∂W2 is " + w2.shape(), "both must agree on h");
        ShapeMismatchException.require(b2Rows == w2Rows && b2Cols == 1, "gradient in " + in,
                "∂ℓ/∂W2 is " + w2.shape(), "∂ℓ/∂b2 is " + b2.shape(), "∂ℓ/∂b2 must have one entry per output");
        values.put(ShallowParameter.W1, w1);
        values.put(ShallowParameter.B1, b1);
        values.put(ShallowParameter.W2, w2);
        values.put(ShallowParameter.B2, b2);
    }

    public Layout layout() {
        return layout;
    }

    /** ∂ℓ/∂p in this gradient's layout. */
    public Matrix get(ShallowParameter p) {
        return values.get(p);
    }

    public Matrix w1() {
        return get(ShallowParameter.W1);
    }

    public Matrix b1() {
        return get(ShallowParameter.B1);
    }

    public Matrix w2() {
        return get(ShallowParameter.W2);
    }

    public Matrix b2() {
        return get(ShallowParameter.B2);
    }

    /** The same gradient in {@code target} layout: every entry transposed if the layouts differ. */
    public ShallowGradient in(Layout target) {
        if (target == layout) {
            return this;
        }
        return new ShallowGradient(target, w1().transpose(), b1().transpose(), w2().transpose(),
                b2().transpose());
    }

    @Override
    public String toString() {
        return "ShallowGradient[" + layout + ", W1=" + w1() + ", b1=" + b1() + ", W2=" + w2() + ", b2=" + b2() + "]";
    }
}
