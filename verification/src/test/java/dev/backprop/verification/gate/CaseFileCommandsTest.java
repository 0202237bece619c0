package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.CaseSet;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.exchange.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The case-file workflow through the command line, as a user in another language meets it: {@code cases} writes a
 * file, an implementation answers it, {@code judge} judges the answers (exit 0 / 1 / 2 / 3, JUnit XML, JSON,
 * a replay bundle on failure), {@code replay} reproduces a failure. Every kind of bad input ends in one line naming
 * the file, exit code 2, and the input file unchanged.
 */
class CaseFileCommandsTest {
    @TempDir
    Path dir;

    /** Writes 12 cases with the command and answers them with the reference, in {@code layout}. */
    private Path[] casesAndRightAnswers(Layout layout) throws IOException {
        Path cases = dir.resolve("cases.json");
        CommandRun w = CommandRun.of("cases", "--out", cases.toString(), "--count", "12", "--seed", "5");
        assertEquals(0, w.exit(), w.err());
        CaseSet set = CaseFiles.read(cases);
        assertEquals(12, set.cases().size());
        Map<String, DeepGradient> answers = new LinkedHashMap<>();
        for (ExchangeCase c : set.cases()) {
            answers.put(c.id(), new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective()));
        }
        Path gradients = dir.resolve("gradients.json");
        GradientFiles.write(gradients, answers, layout, Precision.FLOAT64, "reference");
        return new Path[] {cases, gradients};
    }

    @Test
    void rightAnswersPassInEitherLayoutAndTheReportsSayTheSame() throws Exception {
        for (Layout layout : Layout.values()) {
            Path[] files = casesAndRightAnswers(layout);
            Path xml = dir.resolve("judge.xml");
            Path json = dir.resolve("judge.json");
            CommandRun r = CommandRun.of("judge", "--cases", files[0].toString(), "--gradients", files[1].toString(), "--junit-xml",
                    xml.toString(), "--json", json.toString(), "--replay-dir", dir.resolve("replays").toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().strip().endsWith("judged: 12 cases, 12 pass, 0 fail, 0 not judged"), r.out());
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                    .getDocumentElement();
            assertEquals("12", root.getAttribute("tests"));
            assertEquals("0", root.getAttribute("failures"));
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertEquals(0, report.get("exit_code").asInt());
            assertEquals(12, report.get("cases").size());
            assertFalse(Files.exists(dir.resolve("replays")), "no failure, no replay");
        }
    }

    /**
     * Every ∂ℓ/∂W written transposed while the layout says denominator: every case fails, the diagnosis says
     * "transposed", the JSON carries the finding, and the replay bundle reproduces the same account.
     */
    @Test
    void aTransposedAnswerFailsWithTheDiagnosisAndItsReplayReproducesIt() throws Exception {
        Path[] files = casesAndRightAnswers(Layout.DENOMINATOR);
        CaseSet set = CaseFiles.read(files[0]);
        Map<String, Submission> right = GradientFiles.read(files[1], set);
        List<Submission> transposed = new ArrayList<>();
        for (Submission s : right.values()) {
            transposed.add(new Submission(s.caseId(), s.layout(), s.precision(),
                    s.weights().stream().map(Matrix::transpose).toList(), s.biases()));
        }
        Path bad = dir.resolve("transposed.json");
        GradientFiles.writeSubmissions(bad, transposed, "transposed");
        Path json = dir.resolve("judge.json");
        Path replays = dir.resolve("replays");
        CommandRun r = CommandRun.of("judge", "--cases", files[0].toString(), "--gradients", bad.toString(), "--json", json.toString(),
                "--replay-dir", replays.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("judged: 12 cases, 0 pass, 12 fail"), r.out());
        assertTrue(r.out().contains("transposed"), r.out());
        JsonNode first = new ObjectMapper().readTree(json.toFile()).get("cases").get(0);
        assertEquals("fail", first.get("result").asText());
        assertEquals("transposed", first.get("diagnosis").get("findings").get(0).get("kind").asText());
        Path bundle;
        try (var list = Files.list(replays)) {
            bundle = list.findFirst().orElseThrow();
        }
        CommandRun replay = CommandRun.of("replay", bundle.toString());
        assertEquals(1, replay.exit(), replay.out());
        // the replay's account of each case is the judge's, line for line (the header names other files)
        assertEquals(failures(r.out()), failures(replay.out()));
    }

    /** The report from the first FAILED line on, without the replay line the judge adds. */
    private static String failures(String report) {
        String from = report.substring(report.indexOf("\nFAILED"));
        return from.lines().filter(l -> !l.startsWith("replay of")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void theCasesCommandRefusesAbsurdShapesBeforeAllocating() {
        for (String[] args : new String[][] {
            {"--widths", "100000,100000,100000"}, {"--widths", "0,3"}, {"--widths", "-4,3"}, {"--widths", "5"},
            {"--widths", "4,3", "--batch", "0"}, {"--widths", "4,3", "--batch", "2000000000"},
            {"--widths", "4,3", "--scale", "NaN"}, {"--widths", "4,3,2", "--activation", "swish"},
            {"--widths", "4,3", "--loss", "hinge"}, {"--count", "0"}, {"--count", "99999999"}}) {
            List<String> all = new ArrayList<>(List.of("cases", "--out", dir.resolve("c.json").toString()));
            all.addAll(List.of(args));
            CommandRun r = CommandRun.of(all.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("backprop-verify cases: "), r.err());
            assertFalse(Files.exists(dir.resolve("c.json")), "nothing written for " + String.join(" ", args));
        }
    }

    /**
     * The bad inputs of the issue, through the command: each is one line on stderr that names the file (and the
     * case and field where there is one), exit code 2, nothing on stdout, and the input file byte-for-byte as it was.
     */
    @Test
    void everyBadInputIsOneLineExitTwoAndTheInputUnchanged() throws Exception {
        Path[] files = casesAndRightAnswers(Layout.DENOMINATOR);
        ObjectMapper json = new ObjectMapper();
        String casesText = Files.readString(files[0]);
        String gradientsText = Files.readString(files[1]);
        Map<String, String[]> badGradients = new LinkedHashMap<>();
        badGradients.put("malformed JSON", new String[] {gradientsText.substring(0, gradientsText.length() / 2),
            "malformed JSON"});
        badGradients.put("empty file", new String[] {"", "empty"});
        badGradients.put("missing field", new String[] {edit(json, gradientsText,
                g -> ((ObjectNode) g.get("gradients").get(0)).remove("layout")), "layout"});
        badGradients.put("wrong shape", new String[] {edit(json, gradientsText,
                g -> ((ArrayNode) g.get("gradients").get(0).get("layers").get(0).get("dW")).remove(0)), "dW"});
        badGradients.put("NaN", new String[] {gradientsText.replaceFirst("(\"dW\"\\s*:\\s*\\[\\s*\\[\\s*)[-0-9.eE]+", "$1NaN"),
            "NaN"});
        badGradients.put("Infinity", new String[] {gradientsText.replaceFirst("(\"db\"\\s*:\\s*\\[\\s*)[-0-9.eE]+",
                "$1-Infinity"), "Infinity"});
        badGradients.put("case id not in the case set", new String[] {edit(json, gradientsText,
                g -> ((ObjectNode) g.get("gradients").get(0)).put("id", "c999")), "c999"});
        badGradients.put("unknown layout", new String[] {edit(json, gradientsText,
                g -> ((ObjectNode) g.get("gradients").get(0)).put("layout", "row-major")), "row-major"});
        for (Map.Entry<String, String[]> e : badGradients.entrySet()) {
            assertFalse(e.getValue()[0].equals(gradientsText), "the fixture for " + e.getKey() + " is not bad");
            Path bad = dir.resolve("bad-gradients.json");
            Files.writeString(bad, e.getValue()[0]);
            assertBadInput(e.getKey(), bad, e.getValue()[1], "judge", "--cases", files[0].toString(), "--gradients",
                    bad.toString());
        }
        Map<String, String[]> badCases = new LinkedHashMap<>();
        badCases.put("unknown activation", new String[] {edit(json, casesText, c -> {
            for (JsonNode k : c.get("cases")) {
                if (k.get("layers").size() > 1) {
                    ((ObjectNode) k.get("layers").get(0)).put("activation", "swish");
                    return;
                }
            }
        }), "swish"});
        badCases.put("missing field", new String[] {edit(json, casesText,
                c -> ((ObjectNode) c.get("cases").get(0)).remove("inputs")), "inputs"});
        badCases.put("wrong shape", new String[] {edit(json, casesText,
                c -> ((ArrayNode) c.get("cases").get(0).get("inputs").get(0)).add(0.5)), "inputs"});
        for (Map.Entry<String, String[]> e : badCases.entrySet()) {
            Path bad = dir.resolve("bad-cases.json");
            Files.writeString(bad, e.getValue()[0]);
            assertBadInput(e.getKey(), bad, e.getValue()[1], "judge", "--cases", bad.toString(), "--gradients",
                    files[1].toString());
        }
        assertBadInput("a directory", dir, "directory", "judge", "--cases", dir.toString(), "--gradients",
                files[1].toString());
        assertBadInput("a replay that is not one", files[0], "directory", "replay", files[0].toString());
        // the good inputs were read many times above and never written
        assertEquals(casesText, Files.readString(files[0]));
        assertEquals(gradientsText, Files.readString(files[1]));
    }

    private static String edit(ObjectMapper json, String text, Consumer<JsonNode> change) throws IOException {
        JsonNode tree = json.readTree(text);
        change.accept(tree);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    }

    private static void assertBadInput(String what, Path file, String mentioned, String... args) throws IOException {
        byte[] before = Files.isDirectory(file) ? new byte[0] : Files.readAllBytes(file);
        CommandRun r = CommandRun.of(args);
        assertEquals(2, r.exit(), what + ": " + r.out() + r.err());
        assertEquals("", r.out(), what + ": nothing is judged");
        assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what + ": " + r.err());
        assertTrue(r.err().contains(file.getFileName().toString()), what + " names the file: " + r.err());
        assertTrue(r.err().contains(mentioned), what + " says " + mentioned + ": " + r.err());
        if (!Files.isDirectory(file)) {
            assertArrayEquals(before, Files.readAllBytes(file), what + ": the input is unchanged");
        }
    }
}
