package dev.backprop.verification.generate;

import dev.backprop.spec.Batch;
import dev.backprop.spec.ShallowNetwork;

/**
 * One random instance for the shallow network: a network and a batch, built from (shape, activation, scale,
 * seed) alone, so that its {@link #toString()} is enough to rebuild it exactly
 * ({@link Generators#shallowCase(int, int, int, int, dev.backprop.spec.Activation, double, boolean, long)}).
 */
public record ShallowCase(ShallowNetwork network, Batch batch, String recipe) {
    @Override
    public String toString() {
        return recipe;
    }
}
