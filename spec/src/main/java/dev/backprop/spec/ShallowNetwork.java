package dev.backprop.spec;

/**
 * The seed's shallow network (Prop 2): ŷ(x) = W⁽²⁾ σ(W⁽¹⁾x + b₁) + b₂ with x ∈ R^d, W⁽¹⁾ ∈ R^{h×d},
 * b₁ ∈ R^h, W⁽²⁾ ∈ R^{n×h}, b₂ ∈ R^n, ŷ ∈ R^n.
 *
 * <p>This is the suite's input boundary for parameters: the constructor refuses shapes that do not agree
 * and NaN/Inf entries, naming the parameter and the entry. The arguments are immutable and kept as given.
 */
public final class ShallowNetwork {
    private final Matrix w1;
    private final Vector b1;
    private final Matrix w2;
    private final Vector b2;
    private final Activation activation;

    public ShallowNetwork(Matrix w1, Vector b1, Matrix w2, Vector b2, Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation is missing");
        }
        ShapeMismatchException.require(b1.size() == w1.rows(), "shallow network", "W1 is " + w1.shape(),
                "b1 is " + b1.shape(), "b1 needs one entry per row of W1 (h)");
        ShapeMismatchException.require(w2.cols() == w1.rows(), "shallow network", "W1 is " + w1.shape(),
                "W2 is " + w2.shape(), "W2 needs one column per row of W1 (h)");
        ShapeMismatchException.require(b2.size() == w2.rows(), "shallow network", "W2 is " + w2.shape(),
                "b2 is " + b2.shape(), "b2 needs one entry per row of W2 (n)");
        this.w1 = NonFiniteValueException.requireFinite("W1", w1);
        this.b1 = NonFiniteValueException.requireFinite("b1", b1);
        this.w2 = NonFiniteValueException.requireFinite("W2", w2);
        this.b2 = NonFiniteValueException.requireFinite("b2", b2);
        this.activation = activation;
    }

    /** W⁽¹⁾, h×d. */
    public Matrix w1() {
        return w1;
    }

    /** b₁, length h. */
    public Vector b1() {
        return b1;
    }

    /** W⁽²⁾, n×h. */
    public Matrix w2() {
        return w2;
    }

    /** b₂, length n. */
    public Vector b2() {
        return b2;
    }

    public Activation activation() {
        return activation;
    }

    /** d. */
    public int inputSize() {
        return w1.cols();
    }

    /** h. */
    public int hiddenSize() {
        return w1.rows();
    }

    /** n. */
    public int outputSize() {
        return w2.rows();
    }

    /** The seed's W̃⁽¹⁾ = [W⁽¹⁾ | b₁] ∈ R^{h×(d+1)}. */
    public Matrix w1Tilde() {
        return w1.appendColumn(b1);
    }

    /** The seed's W̃⁽²⁾ = [W⁽²⁾ | b₂] ∈ R^{n×(h+1)}. */
    public Matrix w2Tilde() {
        return w2.appendColumn(b2);
    }

    /** The shapes as text, e.g. {@code "d=4 h=3 n=2 tanh"}. */
    public String describe() {
        return "d=" + inputSize() + " h=" + hiddenSize() + " n=" + outputSize() + " "
                + activation.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ShallowNetwork[" + describe() + ", W1=" + w1 + ", b1=" + b1 + ", W2=" + w2 + ", b2=" + b2 + "]";
    }
}
