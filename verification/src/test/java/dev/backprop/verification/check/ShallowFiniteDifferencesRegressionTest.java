package dev.backprop.verification.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.FiniteDifferences;
import dev.backprop.verification.numeric.Gauges;
import dev.backprop.verification.numeric.Tolerances;
import dev.backprop.verification.planted.PlantableBackprop;
import org.junit.jupiter.api.Test;

/**
 * Regressions from the false-alarm campaign (seed 1, 10,000 cases): the shallow finite-difference check failed 9
 * right gradients, all tanh or logistic networks at entry scales 87 to 374 (pre-activations of 10⁴ and more, a few
 * per unit in the curved region). The fixed step 2⁻¹²·|θ| moves such a pre-activation by |θ|·|x|·2⁻¹¹ ≈ 10 over the
 * stencil: across the whole saturating turn, so the stencils return a chord (−15,570 for a derivative of −1.45·10⁶)
 * and their own 3-against-5-point estimate misses it. The check now differences smooth networks with validated steps
 * (the deep finite differences, which keep a curved unit's pre-activation within ¼ over the stencil).
 */
class ShallowFiniteDifferencesRegressionTest {
    /** The worst of the nine (scaled error 59.7) and the one with the largest chord. */
    private static final ShallowCase[] FOUND = {
        Generators.shallowCase(3, 6, 3, 15, Activation.TANH, 183.23144223712112, true, 1685814852277432211L),
        Generators.shallowCase(2, 3, 3, 15, Activation.SIGMOID, 296.4831389524342, true, 2182387149600865711L),
        Generators.shallowCase(5, 2, 5, 62, Activation.TANH, 87.70008211436348, false, 2723283259968611698L),
    };

    @Test
    void rightGradientsOfSaturatedSmoothNetworksPass() {
        for (ShallowCase c : FOUND) {
            for (Observation o : new Observation[] {
                GradientChecks.againstFiniteDifferences(new OptimizedBackprop(), c),
                GradientChecks.againstFiniteDifferences(new ReferenceBackprop(), c)}) {
                assertTrue(o.passed(), () -> c + ": " + o.evidence());
                assertTrue(o.scaledError() <= Tolerances.FINITE_DIFFERENCE_THRESHOLD, c::toString);
            }
        }
    }

    @Test
    void theFixedStepAloneReportedAChord() {
        ShallowCase c = FOUND[0];
        assertEquals("d=3 h=6 n=3 B=15 tanh scale=183.23144223712112 target=zero seed=1685814852277432211",
                c.recipe());
        ShallowGradient right = new OptimizedBackprop().gradient(c.network(), c.batch());
        double old = FiniteDifferences.of(c.network(), c.batch())
                .judge("∂ℓ/∂θ", right, Gauges.of(c.network(), c.batch())).scaledError();
        assertTrue(old > Tolerances.FINITE_DIFFERENCE_THRESHOLD, "the fixed step's judgement: " + old);
    }

    @Test
    void wrongGradientsOfTheSameCasesStillFail() {
        for (ShallowCase c : FOUND) {
            for (PlantableBackprop.Fault fault : new PlantableBackprop.Fault[] {PlantableBackprop.Fault.HALF_DROPPED,
                PlantableBackprop.Fault.SIGN_FLIPPED}) {
                Observation o = GradientChecks.againstFiniteDifferences(new PlantableBackprop(fault), c);
                assertFalse(o.passed(), () -> fault + " passed on " + c);
            }
        }
    }
}
