package dev.backprop.verification.planted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.planted.PlantableDeepBackprop.Fault;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;

/**
 * The deep-network checks catch the classic mistakes of deep backprop: every {@link Fault} planted in
 * {@link PlantableDeepBackprop} is rejected by both independent oracles (forward-mode AD and finite
 * differences), and the evidence names, by layer, parameters the fault actually corrupts. {@link Fault#NONE}
 * passes both, so the rejection comes from the fault and not from the test double.
 *
 * <p>A weight or σ' of the wrong layer only fits when neighbouring widths agree; those faults are run on
 * {@link Generators#uniformDeepCases()}, where they corrupt values instead of throwing, and must not be
 * reported as throwing. A property needs one falsifying case among its examples; QuickTheories then shrinks
 * to the smallest, which must be one where the fault can show ({@link #canShow}).
 */
class PlantedDeepBugsTest {
    static final int EXAMPLES = 100;

    private static final Pattern RECIPE = Pattern.compile(
            "^L=(\\d+) widths=([\\d,]+) act=(\\S+) loss=(\\w+) reduction=(\\w+) B=(\\d+) ");
    /** A parameter named by layer, as both oracles' evidence names it: "W2 (layer 2 weights)". */
    private static final Pattern NAMED = Pattern.compile("\\b([Wb])(\\d+) \\(layer (\\d+) (weights|bias)\\)");

    /** The generator on which a fault shows in the values. */
    static Gen<DeepCase> casesFor(Fault fault) {
        return switch (fault) {
            case WEIGHT_OF_WRONG_LAYER, SIGMA_PRIME_OF_WRONG_LAYER -> Generators.uniformDeepCases();
            case KINK_SHIFTED, KINK_HALF_SLOPE, KINK_SIDES_MIXED -> Generators.deepKinkCases();
            default -> Generators.deepCases();
        };
    }

    /** Whether a parameter of {@code layer} in a network of {@code depth} layers can be corrupted by the fault. */
    static boolean corrupts(Fault fault, int layer, int depth) {
        return switch (fault) {
            case NONE -> false;
            // both mistakes live in the recursion g_k ← g_{k+1}, which feeds layers 1..L−1 and not layer L
            case WEIGHT_OF_WRONG_LAYER, SIGMA_PRIME_OF_WRONG_LAYER, KINK_SHIFTED, KINK_HALF_SLOPE, KINK_SIDES_MIXED ->
                    layer < depth;
            case LAST_ACTIVATION_TWICE, MEAN_TAKEN_AS_SUM, SOFTMAX_SUM_TERM_MISSING -> true;
        };
    }

    /** A necessary condition for the fault to change the gradient on a case with this recipe. */
    static boolean canShow(Fault fault, Matcher recipe) {
        int depth = Integer.parseInt(recipe.group(1));
        String[] widths = recipe.group(2).split(",");
        String[] acts = recipe.group(3).split(",");
        String loss = recipe.group(4);
        int batch = Integer.parseInt(recipe.group(6));
        return switch (fault) {
            case NONE -> false;
            case WEIGHT_OF_WRONG_LAYER -> depth >= 2;
            case SIGMA_PRIME_OF_WRONG_LAYER -> depth >= 3;
            // σ(σ(z)) = σ(z) for identity and ReLU
            case LAST_ACTIVATION_TWICE -> depth >= 2 && !acts[acts.length - 1].equals("identity")
                    && !acts[acts.length - 1].equals("relu");
            case MEAN_TAKEN_AS_SUM -> recipe.group(5).equals("mean") && batch >= 2;
            case SOFTMAX_SUM_TERM_MISSING -> loss.equals("softmax_cross_entropy")
                    && Integer.parseInt(widths[widths.length - 1]) >= 2;
            // only the kink cases are drawn for it, and any z in (−2⁻¹⁰, 0] of a kinked layer shows it
            case KINK_SHIFTED -> depth >= 2;
            // only where a pre-activation is exactly 0, so only where the checks met a point on a kink: asserted
            // on the failing observation itself (assertRejectedNamingLayers)
            case KINK_HALF_SLOPE, KINK_SIDES_MIXED -> depth >= 2;
        };
    }

    private static PropertyResult run(String name, Gen<DeepCase> cases, DeepBackprop subject,
            BiFunction<DeepBackprop, DeepCase, Observation> check) {
        PropertyResult result = PropertyRun.run(name, cases, EXAMPLES, PropertyRun.DEFAULT_SEED,
                c -> check.apply(subject, c));
        System.out.println(result.report());
        return result;
    }

    /** The control: the fault-free double passes both oracles on every generator used here. */
    @Test
    void noFaultPassesBothOracles() {
        DeepBackprop subject = new PlantableDeepBackprop(Fault.NONE);
        for (Gen<DeepCase> cases : List.of(Generators.deepCases(), Generators.uniformDeepCases(),
                Generators.deepKinkCases())) {
            for (PropertyResult r : List.of(
                    run("NONE vs forward mode", cases, subject, DeepGradientChecks::againstForwardMode),
                    run("NONE vs finite differences", cases, subject, DeepGradientChecks::againstFiniteDifferences))) {
                assertTrue(r.passed(), r::report);
                assertEquals(EXAMPLES, r.cases(), r::report);
            }
        }
    }

    /** One test per fault, then one that checks that every fault but NONE was tested and rejected. */
    @TestFactory
    List<DynamicTest> everyPlantedFaultIsRejectedAndNamedByLayer() {
        Set<Fault> rejected = EnumSet.noneOf(Fault.class);
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            if (fault == Fault.NONE) {
                continue;
            }
            tests.add(dynamicTest(fault.name(), () -> {
                DeepBackprop subject = new PlantableDeepBackprop(fault);
                assertRejectedNamingLayers(fault, run(fault + " vs forward mode", casesFor(fault), subject,
                        DeepGradientChecks::againstForwardMode));
                assertRejectedNamingLayers(fault, run(fault + " vs finite differences", casesFor(fault), subject,
                        DeepGradientChecks::againstFiniteDifferences));
                rejected.add(fault);
            }));
        }
        tests.add(dynamicTest("no fault skipped", () -> {
            assertEquals(Fault.values().length - 1, tests.size() - 1, "dynamic tests created per fault");
            assertEquals(EnumSet.complementOf(EnumSet.of(Fault.NONE)), rejected,
                    "faults rejected by both oracles (a missing one failed above)");
        }));
        return tests;
    }

    private static void assertRejectedNamingLayers(Fault fault, PropertyResult result) {
        assertFalse(result.passed(), () -> fault + " was NOT rejected: " + result.report());
        assertEquals(Observation.Kind.FAIL, result.kind(), result::report);
        Matcher recipe = RECIPE.matcher(result.smallest());
        assertTrue(recipe.find(), () -> "unparsable recipe: " + result.smallest());
        assertTrue(canShow(fault, recipe), () -> fault + " cannot show on its smallest failing case: " + result.report());
        String evidence = result.falsified().evidence();
        assertFalse(evidence.contains("threw"), () -> "the fault must show in the values: " + result.report());
        if (fault == Fault.KINK_HALF_SLOPE || fault == Fault.KINK_SIDES_MIXED) {
            assertTrue(result.falsified().onKink() > 0,
                    () -> fault + " can only show at a point on a kink, but none was met: " + result.report());
        }
        int depth = Integer.parseInt(recipe.group(1));
        Set<String> named = new LinkedHashSet<>();
        Matcher m = NAMED.matcher(evidence);
        while (m.find()) {
            int layer = Integer.parseInt(m.group(2));
            assertEquals(m.group(2), m.group(3), () -> "parameter and layer disagree: " + evidence);
            named.add(m.group(1) + layer);
            assertTrue(corrupts(fault, layer, depth),
                    () -> "evidence names layer " + layer + " of " + depth + ", which " + fault + " cannot corrupt: "
                            + result.report());
        }
        assertFalse(named.isEmpty(), () -> "evidence names no parameter by layer: " + result.report());
    }

    /**
     * Kink handling never hides a bug: on the kink-planting cases, where finite differences hold units on their
     * pieces and both oracles accept either side at rounding level, faults that have nothing to do with kinks
     * are still rejected by both oracles.
     */
    @Test
    void faultsAreStillCaughtAtKinks() {
        for (Fault fault : List.of(Fault.MEAN_TAKEN_AS_SUM, Fault.LAST_ACTIVATION_TWICE, Fault.SOFTMAX_SUM_TERM_MISSING)) {
            DeepBackprop subject = new PlantableDeepBackprop(fault);
            for (PropertyResult r : List.of(
                    run(fault + " at kinks vs forward mode", Generators.deepKinkCases(), subject,
                            DeepGradientChecks::againstForwardMode),
                    run(fault + " at kinks vs finite differences", Generators.deepKinkCases(), subject,
                            DeepGradientChecks::againstFiniteDifferences))) {
                assertFalse(r.passed(), r::report);
                assertEquals(Observation.Kind.FAIL, r.kind(), r::report);
            }
        }
    }

    /** The wrong-layer mistakes on shapes where they do not fit are still rejected: the double throws. */
    @Test
    void wrongLayerOnUnequalWidthsIsRejectedToo() {
        Gen<DeepCase> unequal = Generators.deepCases().assuming(c -> c.network().depth() >= 3
                && c.network().width(1) != c.network().width(2));
        for (Fault fault : List.of(Fault.WEIGHT_OF_WRONG_LAYER, Fault.SIGMA_PRIME_OF_WRONG_LAYER)) {
            PropertyResult r = run(fault + " (unequal widths) vs forward mode", unequal, new PlantableDeepBackprop(fault),
                    DeepGradientChecks::againstForwardMode);
            assertFalse(r.passed(), r::report);
            assertEquals(Observation.Kind.FAIL, r.kind(), r::report);
        }
    }

    /** Sanity of the recipe parser the assertions above rely on: it reads the generator's own recipes. */
    @Test
    void recipesParse() {
        DeepCase c = Generators.deepCase(new int[] {3, 2, 2}, List.of(Activation.TANH),
                new dev.backprop.spec.Objective(dev.backprop.spec.Loss.SOFTMAX_CROSS_ENTROPY,
                        dev.backprop.spec.Reduction.MEAN), 2, 1.0, Generators.Targets.SOFT, 7L);
        Matcher m = RECIPE.matcher(c.recipe());
        assertTrue(m.find(), c.recipe());
        assertTrue(canShow(Fault.SOFTMAX_SUM_TERM_MISSING, m), c.recipe());
        assertTrue(canShow(Fault.MEAN_TAKEN_AS_SUM, m), c.recipe());
        assertFalse(canShow(Fault.SIGMA_PRIME_OF_WRONG_LAYER, m), c.recipe());
    }
}
