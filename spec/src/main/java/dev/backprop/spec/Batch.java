package dev.backprop.spec;

/**
 * B samples for the shallow network: inputs X ∈ R^{d×B} (column b is x_b) and targets Y ∈ R^{n×B}.
 *
 * <p>The residual of sample b is r_b = ŷ(x_b) − y_b. The seed writes r := ŷ, which is the target y = 0;
 * {@link #literal(Vector, int)} builds exactly that. Every formula of Prop 2 holds unchanged for any y.
 *
 * <p>This is the suite's input boundary for data: shapes and finiteness are checked here.
 */
public final class Batch {
    private final Matrix inputs;
    private final Matrix targets;

    public Batch(Matrix inputs, Matrix targets) {
        ShapeMismatchException.require(inputs.cols() == targets.cols(), "batch", "X is " + inputs.shape(),
                "Y is " + targets.shape(), "X and Y need one column per sample (B)");
        this.inputs = NonFiniteValueException.requireFinite("X", inputs);
        this.targets = NonFiniteValueException.requireFinite("Y", targets);
    }

    /** One sample (B = 1). */
    public static Batch single(Vector x, Vector y) {
        return new Batch(x.asColumn(), y.asColumn());
    }

    /** One sample with the seed's literal r = ŷ, i.e. target y = 0 ∈ R^n. */
    public static Batch literal(Vector x, int outputs) {
        return single(x, Vector.zeros(outputs));
    }

    /** X, d×B. */
    public Matrix inputs() {
        return inputs;
    }

    /** Y, n×B. */
    public Matrix targets() {
        return targets;
    }

    /** B. */
    public int size() {
        return inputs.cols();
    }

    /** x_b. */
    public Vector input(int b) {
        return inputs.column(b);
    }

    /** y_b. */
    public Vector target(int b) {
        return targets.column(b);
    }

    /** Throws unless this batch fits {@code network}'s input and output sizes. */
    public void requireFits(ShallowNetwork network) {
        ShapeMismatchException.require(inputs.rows() == network.inputSize(), "batch for network",
                "X is " + inputs.shape(), "W1 is " + network.w1().shape(), "X needs d rows, d = columns of W1");
        ShapeMismatchException.require(targets.rows() == network.outputSize(), "batch for network",
                "Y is " + targets.shape(), "W2 is " + network.w2().shape(), "Y needs n rows, n = rows of W2");
    }

    /**
     * Throws unless this batch fits {@code network}'s input size d = n₀ and output size n = n_L. The message is
     * built only when it throws, so a successful check allocates nothing (the optimized module relies on it).
     */
    public void requireFits(DeepNetwork network) {
        int depth = network.depth();
        if (inputs.rows() != network.inputSize()) {
            ShapeMismatchException.require(false, "batch for network", "X is " + inputs.shape(),
                    "W1 is " + network.weight(1).shape(), "X needs d rows, d = columns of W1");
        }
        if (targets.rows() != network.outputSize()) {
            ShapeMismatchException.require(false, "batch for network", "Y is " + targets.shape(),
                    "W" + depth + " is " + network.weight(depth).shape(), "Y needs n rows, n = rows of W" + depth);
        }
    }

    @Override
    public String toString() {
        return "Batch[B=" + size() + ", X=" + inputs + ", Y=" + targets + "]";
    }
}
