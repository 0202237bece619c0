package dev.backprop.spec;

/**
 * The element-wise activations σ of a hidden layer, each with its derivative σ'. (σ(z))_i = σ(z_i), and
 * ∂s/∂z = diag(σ'(z)) (seed, proof of Prop 2).
 *
 * <p>{@link #RELU} and {@link #LEAKY_RELU} are {@link #kinked()}: not differentiable at 0, where σ' jumps from
 * {@link #slopeBelowZero()} to {@link #slopeAboveZero()}. Both define σ'(0) as the slope below zero (PyTorch's
 * and JAX's choice). A checker must not judge an implementation's σ'(0): either slope is a correct answer there.
 */
public enum Activation {
    /** σ(z) = z, σ'(z) = 1. */
    IDENTITY {
        @Override
        public double value(double z) {
            return z;
        }

        @Override
        public double derivative(double z) {
            return 1.0;
        }
    },
    /** σ(z) = 1 / (1 + e^−z), σ'(z) = σ(z)(1 − σ(z)). Evaluated without overflow for any finite z. */
    SIGMOID {
        @Override
        public double value(double z) {
            if (z >= 0) {
                return 1.0 / (1.0 + Math.exp(-z));
            }
            double e = Math.exp(z);
            return e / (1.0 + e);
        }

        @Override
        public double derivative(double z) {
            double s = value(z);
            return s * (1.0 - s);
        }
    },
    /** σ(z) = tanh z, σ'(z) = 1 − tanh² z. */
    TANH {
        @Override
        public double value(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1.0 - t * t;
        }
    },
    /** σ(z) = log(1 + e^z), σ'(z) = 1 / (1 + e^−z). Evaluated as max(z, 0) + log1p(e^−|z|). */
    SOFTPLUS {
        @Override
        public double value(double z) {
            return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
        }

        @Override
        public double derivative(double z) {
            return SIGMOID.value(z);
        }
    },
    /**
     * σ(z) = max(z, 0), σ'(z) = 1 for z &gt; 0 and 0 for z ≤ 0. σ'(0) = 0 by convention (as PyTorch and JAX
     * choose); ReLU has no derivative at 0, and a checker must not judge an implementation there.
     */
    RELU {
        @Override
        public double value(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.0;
        }

        @Override
        public boolean kinked() {
            return true;
        }

        @Override
        public double slopeBelowZero() {
            return 0.0;
        }
    },
    /**
     * σ(z) = z for z &gt; 0 and αz for z ≤ 0 with α = {@link #LEAKY_SLOPE} = 0.01 (PyTorch's default);
     * σ'(z) = 1 for z &gt; 0 and α for z ≤ 0, so σ'(0) = α by the same convention as ReLU's.
     */
    LEAKY_RELU {
        @Override
        public double value(double z) {
            return z > 0 ? z : LEAKY_SLOPE * z;
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : LEAKY_SLOPE;
        }

        @Override
        public boolean kinked() {
            return true;
        }

        @Override
        public double slopeBelowZero() {
            return LEAKY_SLOPE;
        }
    };

    /** α of {@link #LEAKY_RELU}: 0.01. */
    public static final double LEAKY_SLOPE = 0.01;

    /** σ(z). */
    public abstract double value(double z);

    /** σ'(z). */
    public abstract double derivative(double z);

    /** True for the activations with a kink at z = 0 (ReLU, leaky ReLU); there σ' has two one-sided values. */
    public boolean kinked() {
        return false;
    }

    /** For a {@link #kinked()} activation: the slope for z &lt; 0 (and σ'(0)); for the others σ'(0). */
    public double slopeBelowZero() {
        return derivative(0.0);
    }

    /** For a {@link #kinked()} activation: the slope for z &gt; 0; for the others σ'(0). */
    public double slopeAboveZero() {
        return kinked() ? 1.0 : derivative(0.0);
    }

    /** The name used in reports and case files, e.g. {@code "leaky_relu"}. */
    public String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The activation named {@code name} (case-insensitive), or a message listing the known names. */
    public static Activation named(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
