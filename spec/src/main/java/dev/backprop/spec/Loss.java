package dev.backprop.spec;

/**
 * The per-sample losses ℓ_b(ŷ, y) of a network's output ŷ ∈ R^n against the target y ∈ R^n. This is the
 * definition of each loss, nothing more: implementations derive ∂ℓ/∂ŷ themselves, and the checkers
 * differentiate these definitions.
 *
 * <p>The batch loss combines the ℓ_b by a {@link Reduction}; {@link Objective} pairs the two.
 */
public enum Loss {
    /** ℓ_b = ½‖ŷ − y‖² = ½ Σ_i (ŷ_i − y_i)²: the seed's loss (Prop 2, with r = ŷ − y). */
    HALF_SQUARED_ERROR {
        @Override
        public double value(Vector yHat, Vector y) {
            requireSameLength(this, yHat, y);
            return 0.5 * sumOfSquares(yHat, y);
        }
    },
    /**
     * ℓ_b = (1/n) Σ_i (ŷ_i − y_i)²: the squared error averaged over the n outputs. With {@link Reduction#MEAN}
     * it is averaged over outputs and batch, PyTorch's {@code MSELoss()}.
     */
    MEAN_SQUARED_ERROR {
        @Override
        public double value(Vector yHat, Vector y) {
            requireSameLength(this, yHat, y);
            return sumOfSquares(yHat, y) / yHat.size();
        }
    },
    /**
     * ℓ_b = −Σ_i y_i log p_i with p = softmax(ŷ), p_i = e^{ŷ_i} / Σ_j e^{ŷ_j}: cross-entropy on logits ŷ.
     * The target y is a probability vector (one-hot or soft): entries ≥ 0 summing to 1
     * ({@link #requireTargets}). Evaluated as Σ_i y_i (m + log Σ_j e^{ŷ_j − m} − ŷ_i) with m = max_j ŷ_j, which
     * cannot overflow.
     */
    SOFTMAX_CROSS_ENTROPY {
        @Override
        public double value(Vector yHat, Vector y) {
            requireSameLength(this, yHat, y);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < yHat.size(); i++) {
                max = Math.max(max, yHat.get(i));
            }
            double sum = 0.0;
            for (int i = 0; i < yHat.size(); i++) {
                sum += Math.exp(yHat.get(i) - max);
            }
            double logSumExp = max + Math.log(sum);
            double loss = 0.0;
            for (int i = 0; i < yHat.size(); i++) {
                loss += y.get(i) * (logSumExp - yHat.get(i));
            }
            return loss;
        }

        @Override
        public void requireTargets(Matrix targets) {
            NonFiniteValueException.requireFinite("Y", targets);
            int n = targets.rows();
            for (int b = 0; b < targets.cols(); b++) {
                double sum = 0.0;
                for (int i = 0; i < n; i++) {
                    double y = targets.get(i, b);
                    if (y < 0) {
                        throw new IllegalArgumentException("softmax cross-entropy: target Y (" + targets.shape()
                                + ") has the negative probability " + y + " at (" + i + ", " + b + ")");
                    }
                    sum += y;
                }
                if (Math.abs(sum - 1.0) > TARGET_SUM_SLACK * n) {
                    throw new IllegalArgumentException("softmax cross-entropy: target column " + b + " of Y ("
                            + targets.shape() + ") sums to " + sum + ", not 1; targets are probability vectors");
                }
            }
        }
    };

    /**
     * How far, per entry, a probability target's column sum may be from 1: 8ε. A column normalised in
     * floating point (y_i / Σ_j y_j) sums to 1 within n·ε; 8 leaves room. Refusing larger deviations keeps
     * p − y (which assumes Σ y = 1) and p Σ y − y (which does not) equal to rounding, so an implementation
     * is not judged on which of the two it wrote.
     */
    public static final double TARGET_SUM_SLACK = 8 * Math.ulp(1.0);

    /**
     * ℓ_b(ŷ, y) for one sample. Neither argument is modified.
     *
     * @throws ShapeMismatchException if ŷ and y differ in length
     */
    public abstract double value(Vector yHat, Vector y);

    /**
     * Throws IllegalArgumentException, naming the entry, unless {@code targets} (n×B, column b is y_b) are
     * valid targets of this loss: finite for every loss, and probability columns for cross-entropy. Allocates
     * nothing when they are valid.
     */
    public void requireTargets(Matrix targets) {
        NonFiniteValueException.requireFinite("Y", targets);
    }

    /** Σ_i (ŷ_i − y_i)². */
    private static double sumOfSquares(Vector yHat, Vector y) {
        double sum = 0.0;
        for (int i = 0; i < yHat.size(); i++) {
            double r = yHat.get(i) - y.get(i);
            sum += r * r;
        }
        return sum;
    }

    private static void requireSameLength(Loss loss, Vector yHat, Vector y) {
        if (yHat.size() != y.size()) {
            ShapeMismatchException.require(false, loss.reportName(), "ŷ has " + yHat.size() + " entries",
                    "y has " + y.size(), "ŷ and y need one entry per output");
        }
    }

    /** The name used in reports and case files, e.g. {@code "softmax_cross_entropy"}. */
    public String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The loss named {@code name} (case-insensitive), or a message listing the known names. */
    public static Loss named(String name) {
        for (Loss l : values()) {
            if (l.name().equalsIgnoreCase(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; known: "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
