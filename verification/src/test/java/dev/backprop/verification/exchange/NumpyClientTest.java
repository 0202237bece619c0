package dev.backprop.verification.exchange;

import static dev.backprop.verification.exchange.ExchangeFixtures.assertSameBits;
import static dev.backprop.verification.exchange.ExchangeFixtures.assertSameCases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example client {@code examples/numpy_client.py} speaks the exchange format: its gradient files are read by
 * {@link GradientFiles#read} with the right ids, layout, precision and shapes; its options change exactly what they
 * say; and Python reads and rewrites a case file without changing a bit. Whether its values are right is the
 * judge's business (and the CI script's); here only the format is checked.
 *
 * <p>Needs python3 with NumPy, an environment precondition (both are on the build machine and in CI): without
 * them the tests are reported as skipped, with the reason, not passed.
 */
class NumpyClientTest {
    /** Generous: the client answers these 40 small cases in well under a second. */
    private static final long TIMEOUT_SECONDS = 120;

    private static Path client;
    private static String missing;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonAndTheClient() throws IOException, InterruptedException {
        client = findClient();
        missing = python(List.of("-c", "import numpy"), Map.of()).exitCode == 0 ? null
                : "python3 with numpy not found";
    }

    private static Path findClient() {
        // the tests run in the verification module; the examples live at the top of the repository
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples").resolve("numpy_client.py");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("examples/numpy_client.py not found above " + Paths.get("").toAbsolutePath());
    }

    private record Run(int exitCode, String stderr) {
    }

    private static Run python(List<String> args, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(args);
        Path err = Files.createTempFile("python", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return new Run(-1, "python3 cannot be started: " + e.getMessage());
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), stderr);
    }

    private static void requireNumpy() {
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Runs the client on {@code cases}, with {@code options}, and reads its answer. */
    private Map<String, Submission> answer(CaseSet cases, String... options) throws Exception {
        Path in = dir.resolve("cases.json");
        CaseFiles.write(in, cases);
        Path out = dir.resolve("grads" + String.join("", options).replace("-", "_") + ".json");
        List<String> args = new ArrayList<>(List.of(client.toString(), "--cases", in.toString(), "--out",
                out.toString()));
        args.addAll(List.of(options));
        Run run = python(args, Map.of());
        assertEquals(0, run.exitCode, "numpy_client.py " + String.join(" ", options) + ": " + run.stderr);
        return GradientFiles.read(out, cases);
    }

    @Test
    void theClientAnswersEveryCaseInDenominatorLayout() throws Exception {
        requireNumpy();
        CaseSet cases = CaseFiles.draw(77, 40);
        Map<String, Submission> answers = answer(cases);
        assertEquals(cases.cases().stream().map(ExchangeCase::id).toList(), new ArrayList<>(answers.keySet()));
        for (ExchangeCase c : cases.cases()) {
            Submission s = answers.get(c.id());
            assertEquals(Layout.DENOMINATOR, s.layout(), c.id());
            assertEquals(Precision.FLOAT64, s.precision(), c.id());
            DeepNetwork n = c.network();
            for (int k = 1; k <= n.depth(); k++) {
                assertEquals(n.weight(k).shape(), s.weights().get(k - 1).shape(), c.id() + " dW" + k);
                assertEquals(n.width(k) + "×1", s.biases().get(k - 1).shape(), c.id() + " db" + k);
            }
        }
    }

    @Test
    void numeratorLayoutAndTheTransposedBugTransposeEveryDw() throws Exception {
        requireNumpy();
        CaseSet cases = CaseFiles.draw(78, 40);
        Map<String, Submission> right = answer(cases);
        Map<String, Submission> numerator = answer(cases, "--layout", "numerator");
        Map<String, Submission> bug = answer(cases, "--bug", "transposed");
        int nonSquare = 0;
        for (ExchangeCase c : cases.cases()) {
            Submission r = right.get(c.id());
            assertEquals(Layout.NUMERATOR, numerator.get(c.id()).layout(), c.id());
            assertEquals(Layout.DENOMINATOR, bug.get(c.id()).layout(), c.id() + ": the bug still declares denominator");
            for (int k = 0; k < r.weights().size(); k++) {
                Matrix transposed = r.weights().get(k).transpose();
                assertSameBits(transposed, numerator.get(c.id()).weights().get(k), c.id() + " numerator dW" + (k + 1));
                assertSameBits(transposed, bug.get(c.id()).weights().get(k), c.id() + " bug dW" + (k + 1));
                assertSameBits(r.biases().get(k).transpose(), numerator.get(c.id()).biases().get(k),
                        c.id() + " numerator db" + (k + 1));
                assertSameBits(r.biases().get(k), bug.get(c.id()).biases().get(k), c.id() + " bug db" + (k + 1));
                if (!transposed.sameShape(r.weights().get(k))) {
                    nonSquare++;
                }
            }
        }
        assertNotEquals(0, nonSquare, "some dW are not square, so the bug shows in their shapes");
    }

    @Test
    void singlePrecisionIsDeclaredAndHeld() throws Exception {
        requireNumpy();
        CaseSet cases = CaseFiles.draw(79, 20);
        for (Submission s : answer(cases, "--precision", "float32").values()) {
            assertEquals(Precision.FLOAT32, s.precision(), s.caseId());
            for (Matrix m : s.weights()) {
                for (double v : m.toArray()) {
                    assertEquals(v, (double) (float) v, s.caseId() + ": every entry is a float");
                }
            }
        }
    }

    @Test
    void pythonReadsAndRewritesACaseFileWithoutChangingABit() throws Exception {
        requireNumpy();
        CaseSet cases = CaseFiles.draw(80, 30);
        Path in = dir.resolve("cases.json");
        Path out = dir.resolve("rewritten.json");
        CaseFiles.write(in, cases);
        Run run = python(List.of("-c", "import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "
                + "'w'))", in.toString(), out.toString()), Map.of());
        assertEquals(0, run.exitCode, run.stderr);
        assertSameCases(cases, CaseFiles.read(out));
    }

    @Test
    void withoutNumpyTheClientExitsWithAMessage() throws Exception {
        Assumptions.assumeTrue(python(List.of("-c", "pass"), Map.of()).exitCode == 0, "python3 not found");
        // a package named numpy that cannot be imported, first on the path: the client must say so and stop
        Path fake = Files.createDirectories(dir.resolve("fake").resolve("numpy"));
        Files.writeString(fake.resolve("__init__.py"), "raise ImportError('hidden by the test')\n");
        Path cases = dir.resolve("cases.json");
        CaseFiles.write(cases, CaseFiles.draw(1, 1));
        Run run = python(List.of(client.toString(), "--cases", cases.toString(), "--out",
                dir.resolve("out.json").toString()), Map.of("PYTHONPATH", fake.getParent().toString()));
        assertNotEquals(0, run.exitCode, "exit status");
        assertTrue(run.stderr.contains("needs NumPy"), run.stderr);
        assertTrue(Files.notExists(dir.resolve("out.json")), "nothing written");
    }
}
