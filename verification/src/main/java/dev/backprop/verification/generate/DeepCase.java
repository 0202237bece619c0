package dev.backprop.verification.generate;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;

/**
 * One random instance for a deep network: a network, a batch and the objective, built from a recipe alone
 * (widths, activations, loss, reduction, scale, targets, seed), so that its {@link #toString()} is enough to
 * rebuild it exactly ({@link Generators#deepCase}).
 */
public record DeepCase(DeepNetwork network, Batch batch, Objective objective, String recipe) {
    @Override
    public String toString() {
        return recipe;
    }
}
