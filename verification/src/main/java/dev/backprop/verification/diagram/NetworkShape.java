package dev.backprop.verification.diagram;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * What a diagram needs of a network: the widths n₀ = d, n₁, …, n_L = n, the activation of each hidden layer,
 * and the loss. Taken from a {@link DeepNetwork} ({@link #of(DeepNetwork)}: its shapes, never retyped) or given
 * directly.
 *
 * <p>Symbols, as the notes write them: d and n for the input and output; for L = 2 the hidden width is h
 * (Prop 2); for other depths h1, h2, … (Diagram 3).
 *
 * @param widths      n₀ … n_L, each at least 1 (L + 1 of them, L ≥ 1)
 * @param activations σ₁ … σ_{L−1}
 * @param loss        the per-sample loss ℓ(ŷ, y)
 */
public record NetworkShape(List<Integer> widths, List<Activation> activations, Loss loss) {
    public NetworkShape {
        if (widths == null || activations == null || loss == null) {
            throw new IllegalArgumentException("widths, activations and loss are required");
        }
        widths = List.copyOf(widths);
        activations = List.copyOf(activations);
        if (widths.size() < 2 || widths.size() > DeepNetwork.MAX_DEPTH + 1) {
            throw new IllegalArgumentException("a network has 1 to " + DeepNetwork.MAX_DEPTH + " layers: "
                    + widths.size() + " widths given");
        }
        for (int k = 0; k < widths.size(); k++) {
            if (widths.get(k) < 1) {
                throw new IllegalArgumentException("width n" + k + " must be at least 1, got " + widths.get(k));
            }
        }
        if (activations.size() != widths.size() - 2) {
            throw new IllegalArgumentException((widths.size() - 1) + " layers need " + (widths.size() - 2)
                    + " activations (the output layer is linear), got " + activations.size());
        }
    }

    /** The shape of a network, with the notes' loss ½‖ŷ − y‖². */
    public static NetworkShape of(DeepNetwork network) {
        return of(network, Loss.HALF_SQUARED_ERROR);
    }

    /** The shape of a network, with the given loss. */
    public static NetworkShape of(DeepNetwork network, Loss loss) {
        List<Integer> widths = new ArrayList<>();
        for (int k = 0; k <= network.depth(); k++) {
            widths.add(network.width(k));
        }
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k < network.depth(); k++) {
            activations.add(network.activation(k));
        }
        return new NetworkShape(widths, activations, loss);
    }

    /** L, the number of weight layers. */
    public int depth() {
        return widths.size() - 1;
    }

    /** n_k with its symbol: d for k = 0, n for k = L, h (L = 2) or h_k otherwise. */
    public Dim dim(int k) {
        int size = widths.get(k);
        if (k == 0) {
            return new Dim("d", size);
        }
        if (k == depth()) {
            return new Dim("n", size);
        }
        return new Dim(depth() == 2 ? "h" : "h" + k, size);
    }

    /** σ_k of hidden layer k, 1 ≤ k ≤ L − 1. */
    public Activation activation(int k) {
        return activations.get(k - 1);
    }
}
