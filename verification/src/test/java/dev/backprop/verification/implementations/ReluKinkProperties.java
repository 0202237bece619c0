package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.planted.PlantableBackprop;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * ReLU networks with a pre-activation planted on its kink, within rounding of it, within a finite-difference
 * step of it, or just beyond ({@link Generators#reluKinkCases()}): correct implementations must pass every
 * check there, and wrong ones must still be caught. Random cases almost never land this close to a kink, so
 * without these the kink handling of the oracles would be tested by a handful of hand-made cases only.
 */
class ReluKinkProperties {
    private static final int EXAMPLES = 500;

    private static PropertyResult run(String name, BiFunction<ShallowBackprop, ShallowCase, Observation> check,
            ShallowBackprop subject) {
        return PropertyRun.run(name, Generators.reluKinkCases(), EXAMPLES, PropertyRun.DEFAULT_SEED,
                c -> check.apply(subject, c));
    }

    private static void holds(String name, BiFunction<ShallowBackprop, ShallowCase, Observation> check) {
        for (ShallowBackprop subject : new ShallowBackprop[] {new ReferenceBackprop(), new OptimizedBackprop()}) {
            PropertyResult r = run(subject.getClass().getSimpleName() + " " + name, check, subject);
            assertTrue(r.passed(), r::report);
            assertEquals(EXAMPLES, r.cases());
            // finite differences count the stencils that met a kink, forward mode the points on one within rounding
            assertTrue(r.kinks() + r.onKink() > 0, name + ": no kink was met, so nothing was tested: " + r.report());
        }
    }

    @Test
    void correctGradientsMatchForwardModeAdAtKinks() {
        holds("gradient = forward-mode AD", GradientChecks::againstForwardMode);
    }

    @Test
    void correctGradientsMatchFiniteDifferencesAtKinks() {
        holds("gradient = finite differences", GradientChecks::againstFiniteDifferences);
    }

    @Test
    void correctAugmentedGradientsMatchAtKinks() {
        holds("augmented = forward-mode AD", GradientChecks::augmentedAgainstForwardMode);
        holds("augmented = split", GradientChecks::augmentedAgainstSplit);
    }

    @Test
    void theTwoImplementationsAgreeAtKinks() {
        PropertyResult r = PropertyRun.run("agreement", Generators.reluKinkCases(), EXAMPLES, PropertyRun.DEFAULT_SEED,
                c -> GradientChecks.agreement(new ReferenceBackprop(), new OptimizedBackprop(), c));
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases());
    }

    private static final DoubleUnaryOperator TRUE_SLOPE = z -> z > 0 ? 1.0 : 0.0;

    @Test
    void faultsThatExistOnlyAtAKinkAreCaughtByEachOracleAlone() {
        PropertyResult control = run("control vs FD", GradientChecks::againstFiniteDifferences,
                PlantableBackprop.withSlopes(TRUE_SLOPE, TRUE_SLOPE));
        assertTrue(control.passed(), control::report);
        // σ' = [z > 1e-9]: wrong for 0 < z ≤ 1e-9, e.g. the planted offset 2⁻³⁰ ≈ 9.3e-10, far above rounding
        // σ'(0) = ½: neither side of the kink
        // σ'(0) = 1 for W1 but 0 for b1: each side is right, but no implementation takes both for one sample
        Map<String, ShallowBackprop> faults = Map.of(
                "σ' = [z > 1e-9]", PlantableBackprop.withSlopes(z -> z > 1e-9 ? 1.0 : 0.0, z -> z > 1e-9 ? 1.0 : 0.0),
                "σ'(0) = ½", PlantableBackprop.withSlopes(z -> z > 0 ? 1.0 : z == 0 ? 0.5 : 0.0, z -> z > 0 ? 1.0 : z == 0 ? 0.5 : 0.0),
                "opposite sides for W1 and b1", PlantableBackprop.withSlopes(z -> z >= 0 ? 1.0 : 0.0, TRUE_SLOPE));
        faults.forEach((name, wrong) -> {
            assertFalse(run(name + " vs AD", GradientChecks::againstForwardMode, wrong).passed(), name + " passed AD");
            assertFalse(run(name + " vs FD", GradientChecks::againstFiniteDifferences, wrong).passed(),
                    name + " passed finite differences");
        });
        assertEquals(3, faults.size());
    }

    @Test
    void everyPlantedFaultIsStillCaughtAtKinks() {
        int faults = 0;
        for (PlantableBackprop.Fault fault : PlantableBackprop.Fault.values()) {
            // σ'(s) = σ'(z) for ReLU, since s = max(z, 0) > 0 exactly when z > 0: that fault is no fault here
            if (fault == PlantableBackprop.Fault.NONE || fault == PlantableBackprop.Fault.SIGMA_PRIME_AT_S) {
                continue;
            }
            ShallowBackprop wrong = new PlantableBackprop(fault);
            assertFalse(run(fault + " vs AD", GradientChecks::againstForwardMode, wrong).passed(), fault + " passed AD");
            assertFalse(run(fault + " vs FD", GradientChecks::againstFiniteDifferences, wrong).passed(),
                    fault + " passed finite differences");
            faults++;
        }
        assertEquals(PlantableBackprop.Fault.values().length - 2, faults);
        PropertyResult control = run("NONE vs AD", GradientChecks::againstForwardMode,
                new PlantableBackprop(PlantableBackprop.Fault.NONE));
        assertTrue(control.passed(), control::report);
    }
}
