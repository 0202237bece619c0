package dev.backprop.verification.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.Gauges;
import org.junit.jupiter.api.Test;

/**
 * A ReLU pre-activation that rounding alone puts on one side of 0 or the other: W1 x + b1 with
 * W1 = [−0.2, −0.9], x = [−0.1, −0.2], b1 = −0.2 is 0.02 + 0.18 − 0.2 = 0 in exact arithmetic, and 0.0 or
 * 2.8e−17 in doubles depending on the order of the sum. σ'(z) is then 0 or 1 and both answers are right.
 */
class RoundingKinkTest {
    private static final ShallowCase AT_THE_KINK = new ShallowCase(
            new ShallowNetwork(Matrix.of(1, 2, -0.2, -0.9), Vector.of(-0.2), Matrix.of(1, 1, 1.0), Vector.of(0.5),
                    Activation.RELU),
            Batch.literal(Vector.of(-0.1, -0.2), 1), "rounding kink: z = 0 in exact arithmetic");

    @Test
    void theUnitIsRecognisedAsARoundingKink() {
        double[] reach = Gauges.of(AT_THE_KINK.network(), AT_THE_KINK.batch()).roundingKinks();
        assertTrue(reach[0] > 0, "z is within its rounding bound of 0");
    }

    @Test
    void correctImplementationsPassWhicheverSideTheyRoundTo() {
        for (ShallowBackprop subject : new ShallowBackprop[] {new ReferenceBackprop(), new OptimizedBackprop()}) {
            Observation ad = GradientChecks.againstForwardMode(subject, AT_THE_KINK);
            assertTrue(ad.passed(), ad.evidence());
            assertEquals(1, ad.kinks(), "the kink is reported");
            assertTrue(GradientChecks.augmentedAgainstForwardMode(subject, AT_THE_KINK).passed());
            assertTrue(GradientChecks.augmentedAgainstSplit(subject, AT_THE_KINK).passed());
        }
        Observation agree = GradientChecks.agreement(new ReferenceBackprop(), new OptimizedBackprop(), AT_THE_KINK);
        assertTrue(agree.passed(), agree.evidence());
    }

    @Test
    void aWrongGradientIsStillRejectedAtTheKink() {
        // ∂ℓ/∂W2 doubled: W2's gradient s rᵀ does not depend on the side of the kink, so neither side excuses it
        ShallowBackprop wrong = new ShallowBackprop() {
            private final ReferenceBackprop right = new ReferenceBackprop();

            @Override
            public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
                ShallowGradient g = right.gradient(network, batch);
                Matrix w2 = Matrix.fromFunction(g.w2().rows(), g.w2().cols(), (i, j) -> 2 * g.w2().get(i, j) + 1);
                return new ShallowGradient(g.layout(), g.w1(), g.b1(), w2, g.b2());
            }

            @Override
            public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
                return right.augmentedGradient(network, batch);
            }
        };
        Observation o = GradientChecks.againstForwardMode(wrong, AT_THE_KINK);
        assertFalse(o.passed());
        assertTrue(o.evidence().contains("∂ℓ/∂W2"), o.evidence());
    }
}
