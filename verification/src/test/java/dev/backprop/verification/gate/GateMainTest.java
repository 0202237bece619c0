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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The main job end to end: exit codes, the report's sections and summary line, determinism, bad usage. */
class GateMainTest {
    private static final String SMALL = "--claim-cases=10";
    private static final String FEW = "--cases=20";

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GateMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBuiltInImplementationsPassAndTheSeedsErrataAreReported() {
        Run r = run(SMALL, FEW);
        assertEquals(0, r.exit(), r.out() + r.err());
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("claims: 42 checked, \\d+ hold, \\d+ fail, \\d+ ill-formed; implementations: 2 checked, 2 pass"),
                last);
        assertTrue(r.out().contains("ERRATA FOUND (5)"), r.out());
        assertTrue(r.out().contains("D.convention (Diagrams) ill-formed"), r.out());
        assertTrue(r.out().contains("reference = optimized"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void theSameSeedPrintsTheSameReport() {
        assertEquals(run(SMALL, FEW, "--seed=7").out(), run(SMALL, FEW, "--seed=7").out());
    }

    @Test
    void badUsageExitsTwoWithOneLineAndNoStackTrace() {
        for (String[] args : new String[][] {{"--cases=0"}, {"--cases=-3"}, {"--claim-cases=1000000"},
                {"--seed=abc"}, {"--no-such-option"}, {"extra"}}) {
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(r.err().isBlank(), "no message for " + String.join(" ", args));
        }
    }

    @Test
    void aWrongImplementationFailsTheGateAndIsNamed() {
        // every gradient doubled: the ½ of the loss dropped
        ShallowBackprop doubled = new ShallowBackprop() {
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
        Map<String, ShallowBackprop> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put("doubled", doubled);
        GateResult result = Gate.run(1L, 5, 20, subjects);
        assertFalse(result.passed());
        assertTrue(result.summary().endsWith("implementations: 3 checked, 2 pass"), result.summary());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GateReport.print(result, new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("FAILED: doubled: gradient = forward-mode AD"), report);
        assertTrue(report.contains("replay: --seed 1"), report);
    }
}
