package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.verification.planted.PlantableDeepBackprop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code --junit-xml} and {@code --json}: the files parse, their counts are consistent with their contents and
 * with the exit code, a failing implementation is a JUnit failure named by its suite, and outputs that cannot be
 * written are refused before anything runs.
 */
class GateReportFilesTest {
    @Test
    void aPassingRunWritesValidFilesWithNoFailure(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("gate.xml");
        Path json = dir.resolve("gate.json");
        CommandRun r = CommandRun.of(Gate.builtIns(), "--claim-cases=5", "--cases=5", "--junit-xml", xml.toString(), "--json",
                json.toString());
        assertEquals(0, r.exit(), r.err());
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        int cases = doc.getElementsByTagName("testcase").getLength();
        assertEquals(cases, Integer.parseInt(root.getAttribute("tests")));
        assertTrue(cases > 51, "every claim and every check is a test case: " + cases);
        assertEquals("0", root.getAttribute("failures"));
        assertEquals("0", root.getAttribute("errors"));
        assertEquals(0, doc.getElementsByTagName("failure").getLength());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(0, report.get("exit_code").asInt());
        assertTrue(report.get("passed").asBoolean());
        assertEquals(r.out().strip().lines().reduce((a, b) -> b).orElseThrow(), report.get("summary").asText());
        assertEquals(51, report.get("claims").size());
        // the seed's errata are in both files, as passing cases with their evidence
        assertTrue(Files.readString(xml).contains("erratum of the seed"), "errata reported in the XML");
        long errata = 0;
        for (JsonNode c : report.get("claims")) {
            errata += c.get("verdict").asText().equals("holds") ? 0 : 1;
        }
        assertEquals(7, errata);
        // which backend ran the optimized products, in the header and in the JSON (under auto, OpenBLAS on the
        // platform it ships for: NativeDeepPassTest holds it to loading there); the reference says nothing
        String backend = new OptimizedDeepBackprop().backendDescription();
        String forced = System.getProperty("dev.backprop.optimized.backend", "auto").trim();
        assertTrue(backend.matches(forced.equals("auto")
                ? "openblas \\d+\\.\\d+\\.\\d+, \\d+ threads?, passes of ≥ 2\\^11 multiply-adds; ejml below"
                : forced + "[ ,].*every pass \\(system property dev.backprop.optimized.backend=" + forced + "\\)"),
                backend);
        assertEquals(List.of("backprop-verify gate — seed " + report.get("seed").asLong(),
                "implementation optimized: " + backend, ""), r.out().lines().limit(3).toList());
        assertEquals("optimized", report.get("implementations").get(1).get("name").asText());
        assertEquals(backend, report.get("implementations").get(1).get("description").asText());
        assertFalse(report.get("implementations").get(0).has("description"), "the reference has no backend");
    }

    @Test
    void aFailingImplementationIsAJUnitFailureOfItsSuite(@TempDir Path dir) throws Exception {
        Map<String, Subject> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put("mean-as-sum", Subject.deepOnly(new PlantableDeepBackprop(
                PlantableDeepBackprop.Fault.MEAN_TAKEN_AS_SUM)));
        Path xml = dir.resolve("gate.xml");
        Path json = dir.resolve("gate.json");
        Path replays = dir.resolve("replays");
        CommandRun r = CommandRun.of(subjects, "--claim-cases=5", "--cases=10", "--junit-xml", xml.toString(), "--json",
                json.toString(), "--replay-dir", replays.toString());
        assertEquals(1, r.exit());
        Document doc = parse(xml);
        int failures = 0;
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            int inSuite = suite.getElementsByTagName("failure").getLength();
            assertEquals(inSuite, Integer.parseInt(suite.getAttribute("failures")), suite.getAttribute("name"));
            if (inSuite > 0) {
                assertTrue(suite.getAttribute("name").contains("mean-as-sum"), suite.getAttribute("name"));
            }
            failures += inSuite;
        }
        assertTrue(failures >= 1);
        assertEquals(failures, Integer.parseInt(doc.getDocumentElement().getAttribute("failures")));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, report.get("exit_code").asInt());
        assertFalse(report.get("passed").asBoolean());
        JsonNode failing = report.get("implementations").get(2);
        assertEquals("mean-as-sum", failing.get("name").asText());
        assertTrue(failing.get("checks").get(0).get("evidence").asText().contains("layer"),
                failing.toString());
        // each failing deep check wrote a replay bundle; judging it again reproduces the failure and its diagnosis
        List<Path> bundles;
        try (var list = Files.list(replays)) {
            bundles = list.sorted().toList();
        }
        assertEquals(DeepCheck.values().length, bundles.size(), bundles.toString());
        for (Path bundle : bundles) {
            CommandRun replay = CommandRun.of(Gate.builtIns(), "replay", bundle.toString());
            assertEquals(1, replay.exit(), replay.out() + replay.err());
            // small cases are diagnosed ("scaled by B"); a large one is judged by projections, its failure shown there
            assertTrue(replay.out().contains("scaled by") || replay.out().contains("random projections"),
                    replay.out());
            assertTrue(r.out().contains(bundle.toString()), "the gate's report names " + bundle);
        }
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("kept.txt"), "the user's file");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target);
        for (String[] args : new String[][] {
            {"--json", dir.toString()},
            {"--junit-xml", dir.resolve("missing/dir/gate.xml").toString()},
            {"--json", link.toString()},
            {"--json", dir.resolve("same").toString(), "--html", dir.resolve("same").toString()},
            {"--json", ""}}) {
            CommandRun r = CommandRun.of(Gate.builtIns(), args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertEquals("", r.out(), "nothing ran");
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertEquals("the user's file", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link), "the link is left as it was");
    }

    private static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(xml.toFile());
    }
}
