package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.claims.Claim;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import dev.backprop.verification.generate.Generators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The main job end to end: exit codes, the report's sections and summary line, determinism, bad usage. */
class GateMainTest {
    private static final String SMALL = "--claim-cases=10";
    private static final String FEW = "--cases=20";

    @Test
    void theBuiltInImplementationsPassAndTheSeedsErrataAreReported() {
        CommandRun r = CommandRun.of(SMALL, FEW);
        assertEquals(0, r.exit(), r.out() + r.err());
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        // the verdicts themselves are pinned, with their derivations, in SeedClaimsTest
        assertEquals("claims: 51 checked, 44 hold, 5 fail, 2 ill-formed; implementations: 2 checked, 2 pass", last);
        assertEquals("agreements: 1 checked, 1 pass; errata: 7 found, 7 explained by a correction, 0 corrections "
                + "failing; evaluator errors: 0", lines[lines.length - 2]);
        assertTrue(r.out().contains("ERRATA FOUND (7)"), r.out());
        assertTrue(r.out().contains("D.convention (Diagrams) ill-formed"), r.out());
        assertTrue(r.out().contains("D3.printed (Diagram 3) ill-formed"), r.out());
        assertTrue(r.out().contains("N6.display (§1 item 6) fails"), r.out());
        assertTrue(r.out().contains("reference = optimized"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void theSameSeedPrintsTheSameReport() {
        assertEquals(CommandRun.of(SMALL, FEW, "--seed=7").out(), CommandRun.of(SMALL, FEW, "--seed=7").out());
    }

    @Test
    void badUsageExitsTwoWithOneLineAndNoStackTrace() {
        for (String[] args : new String[][] {{"--cases=0"}, {"--cases=-3"}, {"--claim-cases=1000000"},
                {"--seed=abc"}, {"--no-such-option"}, {"extra"}}) {
            CommandRun r = CommandRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(r.err().isBlank(), "no message for " + String.join(" ", args));
        }
    }

    /** Every gradient doubled: the ½ of the loss dropped. */
    private static ShallowBackprop doubled() {
        return new ShallowBackprop() {
            private final ReferenceBackprop right = new ReferenceBackprop();

            @Override
            public ShallowGradient gradient(ShallowNetwork network, Batch batch) {
                ShallowGradient g = right.gradient(network, batch);
                return new ShallowGradient(g.layout(), twice(g.w1()), twice(g.b1()), twice(g.w2()), twice(g.b2()));
            }

            @Override
            public AugmentedGradient augmentedGradient(ShallowNetwork network, Batch batch) {
                AugmentedGradient g = right.augmentedGradient(network, batch);
                return new AugmentedGradient(g.layout(), twice(g.w1Tilde()), twice(g.w2Tilde()));
            }

            private dev.backprop.spec.Matrix twice(dev.backprop.spec.Matrix m) {
                return dev.backprop.spec.Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> 2 * m.get(i, j));
            }
        };
    }

    @Test
    void anErratumNoCorrectionExplainsFailsTheGate() {
        // a claim that fails with nothing recording what holds instead: a new erratum or a broken evaluator
        Claim unexplained = Claim.of("planted", "test", "1 = 2", Generators.instances(1),
                instance -> Observation.fail(1.0, "1 ≠ 2"));
        GateResult result = new GateResult(1L, List.of(unexplained.check(1L, 5)), List.of(), List.of());
        assertFalse(result.passed());
        assertFalse(result.suiteSound());
        assertEquals(1, result.unexplained().size());
        assertTrue(result.soundness().contains("errata: 1 found, 0 explained by a correction"), result.soundness());
    }

    @Test
    void aClaimThatCannotBeEvaluatedIsAnErrorOfTheSuiteNotAnErratum() {
        // an evaluator that crashes must not be read as the seed being wrong, even if a correction would hold
        Claim broken = Claim.of("planted", "test", "x = x", Generators.instances(1), instance -> {
            throw new IndexOutOfBoundsException("planted evaluator bug");
        });
        ClaimResult r = broken.check(1L, 5);
        assertEquals(Verdict.ERROR, r.verdict());
        assertFalse(r.isErratum());
        GateResult result = new GateResult(1L, List.of(r), List.of(), List.of());
        assertFalse(result.suiteSound());
        assertTrue(result.soundness().endsWith("evaluator errors: 1"), result.soundness());
    }

    @Test
    void theCommandExitsOneWhenAnImplementationFails() {
        Map<String, Subject> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put("doubled", Subject.gradientsOnly(doubled()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GateMain.run(subjects, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SMALL, FEW);
        assertEquals(1, exit, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).strip().endsWith("implementations: 3 checked, 2 pass"));
    }

    @Test
    void aWrongImplementationFailsTheGateAndIsNamed() {
        ShallowBackprop doubled = doubled();
        Map<String, Subject> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put("doubled", Subject.gradientsOnly(doubled));
        GateResult result = Gate.run(1L, 5, 20, subjects);
        assertFalse(result.passed());
        assertTrue(result.summary().endsWith("implementations: 3 checked, 2 pass"), result.summary());
        String report = reportOf(result);
        assertTrue(report.contains("FAILED: doubled: gradient = forward-mode AD"), report);
        assertTrue(report.contains("replay: --seed 1"), report);
    }

    /**
     * A deep-network implementation that the gate did not write, with a classic mistake (a mean computed as a
     * sum), fails the gate through the same API, and the report names the check, the layer and the parameter.
     */
    @Test
    void aWrongDeepImplementationFailsTheGateNamingTheLayer() {
        Map<String, Subject> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put("mean-as-sum", Subject.deepOnly(new dev.backprop.verification.planted.PlantableDeepBackprop(
                dev.backprop.verification.planted.PlantableDeepBackprop.Fault.MEAN_TAKEN_AS_SUM)));
        GateResult result = Gate.run(1L, 5, 20, subjects);
        assertFalse(result.passed());
        assertTrue(result.summary().endsWith("implementations: 3 checked, 2 pass"), result.summary());
        String report = reportOf(result);
        assertTrue(report.contains("FAILED: mean-as-sum: deep: gradient = forward-mode AD"), report);
        assertTrue(report.contains("FAILED: reference = mean-as-sum: deep gradients agree"), report);
        assertTrue(report.matches("(?s).*∂ℓ/∂[Wb]\\d+ \\(layer \\d+ (weights|bias)\\).*"), report);
        // the fault-free double, through the same path, passes: the failure above is the fault's
        Map<String, Subject> control = new LinkedHashMap<>(Gate.builtIns());
        control.put("control", Subject.deepOnly(new dev.backprop.verification.planted.PlantableDeepBackprop(
                dev.backprop.verification.planted.PlantableDeepBackprop.Fault.NONE)));
        GateResult passing = Gate.run(1L, 5, 20, control);
        assertTrue(passing.implementationsPassed(), passing::summary);
    }

    /** The gate's text report of {@code result}, as the command prints it. */
    private static String reportOf(GateResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GateReport.print(result, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
