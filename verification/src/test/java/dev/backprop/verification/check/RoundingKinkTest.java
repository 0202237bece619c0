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
import dev.backprop.verification.numeric.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * ReLU pre-activations that rounding alone puts on one side of 0 or the other. W1 x + b1 is 0 in exact
 * arithmetic in both cases below — 0.02 + 0.18 − 0.2 and 0.81 − 0.9 + 0.09 — and 0.0 or a few 1e−17 either
 * side in doubles, depending on the order of the sum. σ'(z) is then 0 or 1, and both answers are right.
 */
class RoundingKinkTest {
    private static final ShallowCase AT_THE_KINK = new ShallowCase(
            new ShallowNetwork(Matrix.of(1, 2, -0.2, -0.9), Vector.of(-0.2), Matrix.of(1, 1, 1.0), Vector.of(0.5),
                    Activation.RELU),
            Batch.literal(Vector.of(-0.1, -0.2), 1), "rounding kink: 0.02 + 0.18 − 0.2");
    private static final ShallowCase BIAS_FIRST_ROUNDS_TO_ZERO = new ShallowCase(
            new ShallowNetwork(Matrix.of(1, 2, 0.9, -1.0), Vector.of(0.09), Matrix.of(1, 1, 1.0), Vector.of(0.5),
                    Activation.RELU),
            Batch.literal(Vector.of(0.9, 0.9), 1), "rounding kink: 0.81 − 0.9 + 0.09");

    @Test
    void theUnitIsRecognisedAsARoundingKink() {
        for (ShallowCase c : new ShallowCase[] {AT_THE_KINK, BIAS_FIRST_ROUNDS_TO_ZERO}) {
            Gauges gauges = Gauges.of(c.network(), c.batch());
            assertTrue(gauges.atRoundingKink(0, 0), c + ": z is within its rounding bound of 0");
            assertEquals(1, gauges.roundingKinks());
        }
    }

    @Test
    void correctImplementationsPassWhicheverSideTheyRoundTo() {
        for (ShallowCase c : new ShallowCase[] {AT_THE_KINK, BIAS_FIRST_ROUNDS_TO_ZERO}) {
            for (ShallowBackprop subject : new ShallowBackprop[] {new ReferenceBackprop(), new OptimizedBackprop()}) {
                Observation ad = GradientChecks.againstForwardMode(subject, c);
                assertTrue(ad.passed(), c + ": " + ad.evidence());
                assertEquals(1, ad.onKink(), "the kink is reported");
                assertTrue(GradientChecks.augmentedAgainstForwardMode(subject, c).passed(), c.toString());
                assertTrue(GradientChecks.augmentedAgainstSplit(subject, c).passed(), c.toString());
                Observation fd = GradientChecks.againstFiniteDifferences(subject, c);
                assertTrue(fd.passed(), c + ": " + fd.evidence());
            }
            Observation agree = GradientChecks.agreement(new ReferenceBackprop(), new OptimizedBackprop(), c);
            assertTrue(agree.passed(), c + ": " + agree.evidence());
        }
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

    @Test
    void tooManyKinkSamplesOnOneUnitAreAnErrorOfTheSuiteNotAFailure() {
        // z_b = x_b0 + x_b1 − 1 with x_b = (t, 1 − t): 0 in exact arithmetic for every t, a few ulps off in doubles,
        // so all seven samples sit at a rounding kink of the one unit, each an independent choice of side
        int batch = Tolerances.MAX_KINK_SAMPLES + 1;
        Matrix x = Matrix.fromFunction(2, batch, (j, b) -> j == 0 ? 0.1 * (b + 1) + 0.013 : 1 - (0.1 * (b + 1) + 0.013));
        ShallowCase crowded = new ShallowCase(
                new ShallowNetwork(Matrix.of(1, 2, 1.0, 1.0), Vector.of(-1.0), Matrix.of(1, 1, 1.0), Vector.of(0.5),
                        Activation.RELU),
                new Batch(x, Matrix.zeros(1, batch)), "seven samples at one kink");
        Observation o = GradientChecks.againstForwardMode(new ReferenceBackprop(), crowded);
        assertEquals(Observation.Kind.ERROR, o.kind(), o.evidence());
        assertTrue(o.evidence().contains("cannot be judged"), o.evidence());
    }

    @Test
    void anImplementationThatThrowsAnErrorFailsWithoutCrashingTheCheck() {
        ShallowBackprop overflowing = new ShallowBackprop() {
            @Override
            public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
                throw new StackOverflowError("planted");
            }

            @Override
            public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
                return null;
            }
        };
        Observation o = GradientChecks.againstForwardMode(overflowing, AT_THE_KINK);
        assertEquals(Observation.Kind.FAIL, o.kind());
        assertTrue(o.evidence().contains("the implementation threw java.lang.StackOverflowError"), o.evidence());
        Observation nothing = GradientChecks.augmentedAgainstForwardMode(overflowing, AT_THE_KINK);
        assertEquals(Observation.Kind.FAIL, nothing.kind());
        assertTrue(nothing.evidence().contains("returned null"), nothing.evidence());
    }
}
