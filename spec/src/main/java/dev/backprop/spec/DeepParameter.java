package dev.backprop.spec;

/**
 * One parameter of a {@link DeepNetwork}: the weight matrix W_k or the bias vector b_k of layer k ≥ 1, named
 * as the seed names them ({@code "W3"}, {@code "b1"}).
 *
 * @param layer  k, from 1
 * @param weight true for W_k, false for b_k
 */
public record DeepParameter(int layer, boolean weight) {
    public DeepParameter {
        if (layer < 1) {
            throw new IllegalArgumentException("layers are numbered from 1, got " + layer);
        }
    }

    /** W_k. */
    public static DeepParameter weight(int k) {
        return new DeepParameter(k, true);
    }

    /** b_k. */
    public static DeepParameter bias(int k) {
        return new DeepParameter(k, false);
    }

    /** The parameters of a network of {@code depth} layers, in order W1, b1, W2, b2, …, WL, bL. */
    public static java.util.List<DeepParameter> ofDepth(int depth) {
        java.util.List<DeepParameter> out = new java.util.ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            out.add(weight(k));
            out.add(bias(k));
        }
        return java.util.List.copyOf(out);
    }

    public boolean isWeight() {
        return weight;
    }

    /** {@code "W3"} or {@code "b3"}. */
    public String seedName() {
        return (weight ? "W" : "b") + layer;
    }

    /** {@code "W3 (layer 3 weights)"}: how reports name a parameter. */
    public String describe() {
        return seedName() + " (layer " + layer + (weight ? " weights)" : " bias)");
    }

    @Override
    public String toString() {
        return seedName();
    }
}
