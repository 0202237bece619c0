package dev.backprop.verification.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.DeepCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cases a review constructed against the deep oracles, kept so that they stay answered. Each was a false alarm
 * on a correct implementation or a wrong gradient that passed, before the fix named in its comment.
 */
class DeepOracleRegressionTest {
    private static final List<DeepBackprop> CORRECT = List.of(new ReferenceDeepBackprop(), new OptimizedDeepBackprop());

    /**
     * z1 = −0.2·1 + 0.8·1 − 0.6 is 0 within rounding (bias first it rounds to 0; bias last to 1.1e-16), so a
     * correct implementation may take either slope there, and z2 = W2·s1 + 0 inherits a tiny value or 0 from it.
     * z2 of sample 1 (x = 0) is surely 0. The two z2 points must not be tied into one choice: z2 of sample 0 is
     * 0 here only because z1 rounded to 0. (Fixed by deciding "surely 0" from zero weights and surely-zero inputs,
     * not from the values one order of summation gives.)
     */
    @Test
    void aPointZeroOnlyByAnEarlierRoundingIsItsOwnChoice() {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 2, -0.2, 0.8), Matrix.of(1, 1, 1.0), Matrix.of(1, 1, 1.0)),
                List.of(Vector.of(-0.6), Vector.of(0.0), Vector.of(0.5)), List.of(Activation.RELU, Activation.RELU));
        Batch batch = new Batch(Matrix.of(2, 2, 1.0, 0.0, 1.0, 0.0), Matrix.of(1, 2, 0.0, 0.0));
        DeepCase c = new DeepCase(net, batch, Objective.SEED, "review case: kink inherited through rounding");
        for (DeepBackprop subject : CORRECT) {
            String who = subject.getClass().getSimpleName();
            assertPasses(DeepGradientChecks.againstForwardMode(subject, c), who);
            assertPasses(DeepGradientChecks.againstFiniteDifferences(subject, c), who);
        }
        assertPasses(DeepGradientChecks.agreement(CORRECT.get(0), CORRECT.get(1), c), "reference = optimized");
    }

    /**
     * ℓ = ½(c·tanh(a·x + b) + e − y)² with a = 10, x = 40796, b = −a·x + 0.41 (z = 0.41, where tanh bends),
     * c = 9.4, e = −1.78: along a, z moves by 40796 per unit, so steps of the usual size land on tanh's plateaus,
     * where some level looks self-consistent by chance. The true ∂ℓ/∂a = u·c·(1 − tanh²z)·x, u = c·tanh z + e − y.
     * (Fixed by requiring the stencil to move no curved unit's z by more than ¼.) With y = e the loss is
     * symmetric and both plateaus are equal: a difference quotient across them is 0, and an all-zero gradient for
     * layer 1 must still be rejected.
     */
    @Test
    void aSteepTanhIsResolvedNotChorded() {
        for (double y : new double[] {0.0, -1.78}) {
            double a = 10.0;
            double x = 40796.0;
            double b = -a * x + 0.41;
            double c = 9.4;
            double e = -1.78;
            DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 1, a), Matrix.of(1, 1, c)),
                    List.of(Vector.of(b), Vector.of(e)), List.of(Activation.TANH));
            Batch batch = new Batch(Matrix.of(1, 1, x), Matrix.of(1, 1, y));
            DeepGauges gauges = DeepGauges.of(net, batch, Objective.SEED);
            DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, batch, Objective.SEED, gauges);
            double z = a * x + b;
            double t = Math.tanh(z);
            double u = c * t + e - y;
            // ∂ℓ/∂a = u·c·(1 − t²)·x, ∂ℓ/∂b = u·c·(1 − t²), ∂ℓ/∂c = u·t, ∂ℓ/∂e = u
            DeepGradient right = gradient(u * c * (1 - t * t) * x, u * c * (1 - t * t), u * t, u);
            Discrepancy judged = fd.judge("closed form", right, gauges);
            assertTrue(judged.passes(), judged::describe);
            assertEquals(0, fd.unresolved(), judged::describe);
            Discrepancy zero = fd.judge("layer 1 zero", gradient(0.0, 0.0, u * t, u), gauges);
            assertFalse(zero.passes(), zero::describe);
            Discrepancy chord = fd.judge("one percent off", gradient(1.01 * u * c * (1 - t * t) * x,
                    u * c * (1 - t * t), u * t, u), gauges);
            assertFalse(chord.passes(), chord::describe);
            for (DeepBackprop subject : CORRECT) {
                assertTrue(fd.judge("implementation", subject.gradient(net, batch, Objective.SEED), gauges).passes(),
                        subject.getClass().getSimpleName());
            }
        }
    }

    /**
     * A unit whose every term is surely 0 (W1 = 0, b1 = 0) sits on its kink for both samples, and every correct
     * implementation computes z = 0 exactly and applies one convention to both: σ'(0) = 0 gives ∂ℓ/∂W1 = ∂ℓ/∂b1 = 0;
     * σ'(0) = 1 gives, with r_b = W2·0 + b2 − 0 = 0.5, ∂ℓ/∂W1 = Σ_b x_b r_b = 1·0.5 + 2·0.5 = 1.5 and
     * ∂ℓ/∂b1 = Σ_b r_b = 1.0; ∂ℓ/∂W2 = Σ_b s_b r_b = 0 and ∂ℓ/∂b2 = 1.0 either way. Slope 1 for sample 0 and 0 for
     * sample 1 (∂ℓ/∂W1 = 0.5, ∂ℓ/∂b1 = 0.5) is no correct implementation's answer: both oracles reject it.
     */
    @Test
    void aGroupSpanningSamplesIsOneChoiceForBothOracles() {
        DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 1, 0.0), Matrix.of(1, 1, 1.0)),
                List.of(Vector.of(0.0), Vector.of(0.5)), List.of(Activation.RELU));
        Batch batch = new Batch(Matrix.of(1, 2, 1.0, 2.0), Matrix.of(1, 2, 0.0, 0.0));
        DeepCase c = new DeepCase(net, batch, Objective.SEED, "review case: one group across two samples");
        DeepGauges gauges = DeepGauges.of(net, batch, Objective.SEED);
        assertEquals(1, gauges.kinkGroups().size(), "one group");
        assertEquals(2, gauges.kinkGroups().get(0).size(), "of both samples");
        DeepFiniteDifferences fd = DeepFiniteDifferences.of(net, batch, Objective.SEED, gauges);
        for (DeepGradient right : List.of(gradient(0.0, 0.0, 0.0, 1.0), gradient(1.5, 1.0, 0.0, 1.0))) {
            assertTrue(fd.judge("a uniform choice", right, gauges).passes());
            assertPasses(DeepGradientChecks.againstForwardMode((n, b, o) -> right, c), "a uniform choice");
        }
        DeepGradient mixed = gradient(0.5, 0.5, 0.0, 1.0);
        assertFalse(fd.judge("mixed", mixed, gauges).passes());
        assertEquals(Observation.Kind.FAIL, DeepGradientChecks.againstForwardMode((n, b, o) -> mixed, c).kind());
    }

    /**
     * z1 = 2⁶⁰ − 2⁶⁰ − 300 is −300 summed bias first (forward-mode AD) but −256 summed bias last (both
     * implementations): both are correct roundings of a sum whose terms are 2⁶⁰, and the logistic tail differs by
     * e⁴⁴ between them. The gauge must take the largest σ' over z's whole rounding interval, not the slope at the
     * z one order happens to give. (Fixed by {@link Gauges#slopeOver}.)
     */
    @Test
    void aPreActivationOffByTensIsJudgedByItsWholeInterval() {
        for (Activation sigma : List.of(Activation.SIGMOID, Activation.SOFTPLUS)) {
            DeepNetwork net = new DeepNetwork(List.of(Matrix.of(1, 2, -0x1p60, 1.0), Matrix.of(1, 1, 1.0)),
                    List.of(Vector.of(0x1p60), Vector.of(0.0)), List.of(sigma));
            Batch batch = new Batch(Matrix.of(2, 1, 1.0, -300.0), Matrix.of(1, 1, 1.0));
            DeepCase c = new DeepCase(net, batch, Objective.SEED, "review case: cancelling pre-activation, " + sigma);
            for (DeepBackprop subject : CORRECT) {
                String who = subject.getClass().getSimpleName() + " " + sigma;
                assertPasses(DeepGradientChecks.againstForwardMode(subject, c), who);
                assertPasses(DeepGradientChecks.againstFiniteDifferences(subject, c), who);
            }
            assertPasses(DeepGradientChecks.agreement(CORRECT.get(0), CORRECT.get(1), c), "agreement " + sigma);
        }
    }

    private static DeepGradient gradient(double w1, double b1, double w2, double b2) {
        return new DeepGradient(Layout.NUMERATOR, List.of(Matrix.of(1, 1, w1), Matrix.of(1, 1, w2)),
                List.of(Matrix.of(1, 1, b1), Matrix.of(1, 1, b2)));
    }

    private static void assertPasses(Observation o, String who) {
        assertEquals(Observation.Kind.PASS, o.kind(), () -> who + ": " + o.evidence());
    }
}
