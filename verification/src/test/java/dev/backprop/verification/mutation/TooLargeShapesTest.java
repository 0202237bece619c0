package dev.backprop.verification.mutation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Dimensions;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A network and batch that are each small but whose hidden activations would not be: d = 1, h = 2⁹, n = 1 and
 * B = 2²⁰ give an h×B = 2²⁹-entry S, twice {@link Dimensions#MAX_ENTRIES} (4 GiB of doubles). The optimized
 * backprops refuse it with an IllegalArgumentException naming the limit before allocating it, rather than
 * running out of memory. The inputs themselves are 1×2²⁰ (8 MiB each).
 */
class TooLargeShapesTest {
    private static final int HIDDEN = 1 << 9;
    private static final int BATCH = 1 << 20;

    @Test
    void hiddenActivationsOverTheLimitAreRefusedBeforeAllocating() {
        Batch batch = new Batch(Matrix.zeros(1, BATCH), Matrix.zeros(1, BATCH));
        DeepNetwork deep = new DeepNetwork(List.of(Matrix.zeros(HIDDEN, 1), Matrix.zeros(1, HIDDEN)),
                List.of(Vector.zeros(HIDDEN), Vector.zeros(1)), List.of(Activation.TANH));
        ShallowNetwork shallow = new ShallowNetwork(Matrix.zeros(HIDDEN, 1), Vector.zeros(HIDDEN),
                Matrix.zeros(1, HIDDEN), Vector.zeros(1), Activation.TANH);
        IllegalArgumentException deepRefusal = assertThrows(IllegalArgumentException.class,
                () -> new OptimizedDeepBackprop().gradient(deep, batch, Objective.SEED));
        IllegalArgumentException shallowRefusal = assertThrows(IllegalArgumentException.class,
                () -> new OptimizedBackprop().gradient(shallow, batch));
        String limit = "more than " + Dimensions.MAX_ENTRIES;
        assertAll(() -> assertTrue(deepRefusal.getMessage().contains(limit), deepRefusal.getMessage()),
                () -> assertTrue(shallowRefusal.getMessage().contains(limit), shallowRefusal.getMessage()));
    }
}
