package dev.backprop.verification.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import dev.backprop.verification.gate.Gate;
import dev.backprop.verification.gate.GateResult;
import dev.backprop.verification.gate.ImplementationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The page of a real gate run (small counts: the page's content, not the gate's power, is under test): it parses,
 * every claim stands in the table with its verdict, every erratum with its evidence and correction, every check of
 * every implementation, the summary lines, the diagrams with the networks' dimensions, and nothing on it reaches
 * outside the page. The page is also written to {@code target/html/report.html} to be looked at.
 */
class HtmlReportTest {
    private static final long SEED = 20211001L;
    private static GateResult gate;
    private static String page;
    private static Document doc;

    @BeforeAll
    static void runTheGate() throws Exception {
        // 5 cases a claim finds the notes' errata; one case per implementation check keeps the run to seconds
        gate = Gate.run(SEED, 5, 1, Gate.builtIns());
        page = HtmlReport.forGate(gate);
        doc = Pages.parse(page);
        Path out = Path.of("target", "html");
        Files.createDirectories(out);
        HtmlReport.forGate(gate, out.resolve("report.html"));
    }

    /** The words of the text report and the README: holds, fails, ill-formed; error for an evaluator error. */
    private static String word(Verdict v) {
        switch (v) {
            case HOLDS:
                return "holds";
            case FAILS:
                return "fails";
            case ILL_FORMED:
                return "ill-formed";
            default:
                return "error";
        }
    }

    @Test
    void everyClaimStandsInTheTableWithItsVerdictAndCases() {
        Element table = Pages.find(Pages.byId(doc, "claims"), Pages.XHTML, "table").get(0);
        List<Element> rows = Pages.find(table, Pages.XHTML, "tr", "claim");
        assertEquals(gate.claims().size(), rows.size());
        assertTrue(gate.claims().size() > 20, "the catalogue has its claims");
        for (int i = 0; i < rows.size(); i++) {
            ClaimResult c = gate.claims().get(i);
            List<Element> cells = Pages.children(rows.get(i), "td");
            assertEquals(c.claim().id(), cells.get(0).getTextContent());
            assertEquals(c.claim().source(), cells.get(1).getTextContent());
            assertEquals(word(c.verdict()), cells.get(2).getTextContent(), c.claim().id());
            assertTrue(cells.get(2).getAttribute("class").contains(word(c.verdict())), "coloured by its verdict");
            assertEquals(Integer.toString(c.run().tried()), cells.get(3).getTextContent());
            assertEquals(c.claim().statement(), cells.get(5).getTextContent());
        }
        // the notes have errata, and the table shows them as such: the page is not all green by construction
        assertTrue(gate.claims().stream().anyMatch(c -> c.verdict() == Verdict.FAILS));
        assertTrue(gate.claims().stream().anyMatch(c -> c.verdict() == Verdict.ILL_FORMED));
    }

    @Test
    void everyErratumHasItsEvidenceAndItsCorrection() {
        List<Element> articles = Pages.find(Pages.byId(doc, "errata"), Pages.XHTML, "article", "erratum");
        List<ClaimResult> errata = gate.claims().stream().filter(ClaimResult::isErratum).toList();
        assertEquals(errata.size(), articles.size());
        for (int k = 0; k < errata.size(); k++) {
            ClaimResult c = errata.get(k);
            Element a = articles.get(k);
            String text = a.getTextContent();
            assertTrue(text.contains(c.claim().id()) && text.contains(c.claim().statement()), c.claim().id());
            Element evidence = Pages.find(a, Pages.XHTML, "pre", "evidence").get(0);
            assertEquals(c.evidence(), evidence.getTextContent());
            if (c.correction() != null) {
                Element fix = Pages.find(a, Pages.XHTML, "div", "correction").get(0);
                assertTrue(fix.getTextContent().contains(c.correction().claim().statement()), c.claim().id());
                assertTrue(fix.getTextContent().contains(word(c.correction().verdict())), c.claim().id());
            }
            // the table's link leads to this article
            Element link = Pages.find(Pages.byId(doc, "claims"), Pages.XHTML, "a").stream()
                    .filter(l -> l.getTextContent().equals(c.claim().id())).findFirst().orElseThrow();
            assertEquals("#" + a.getAttribute("id"), link.getAttribute("href"));
        }
    }

    @Test
    void everyCheckOfEveryImplementationStandsWithItsResult() {
        Element section = Pages.byId(doc, "implementations");
        List<Element> tables = Pages.find(section, Pages.XHTML, "table", "checks");
        List<ImplementationResult> all = Stream.concat(gate.implementations().stream(), gate.agreements().stream())
                .toList();
        assertEquals(all.size(), tables.size());
        assertTrue(all.size() >= 3, "two built-ins and their agreement");
        for (int n = 0; n < all.size(); n++) {
            List<Element> rows = Pages.find(tables.get(n), Pages.XHTML, "tr", "check");
            List<PropertyResult> checks = all.get(n).checks();
            assertEquals(checks.size(), rows.size(), all.get(n).name());
            for (int i = 0; i < rows.size(); i++) {
                List<Element> cells = Pages.children(rows.get(i), "td");
                PropertyResult p = checks.get(i);
                assertEquals(p.name(), cells.get(0).getTextContent());
                String expected = p.passed() ? "pass" : p.kind() == Observation.Kind.ERROR ? "error" : "fail";
                assertEquals(expected, cells.get(1).getTextContent(), p.name());
                assertEquals(Integer.toString(p.tried()), cells.get(2).getTextContent());
                assertEquals(Integer.toString(p.kinks()), cells.get(4).getTextContent());
                assertEquals(Integer.toString(p.onKink()), cells.get(5).getTextContent());
            }
        }
        String headings = section.getTextContent();
        for (ImplementationResult r : all) {
            assertTrue(headings.contains(r.name()), r.name());
        }
    }

    @Test
    void theSummaryLinesAreTheGatesOwn() {
        Element status = Pages.byId(doc, "status");
        assertEquals(gate.summary(), Pages.find(status, Pages.XHTML, "code", "summary").get(0).getTextContent());
        assertEquals(gate.soundness(), Pages.find(status, Pages.XHTML, "code", "soundness").get(0).getTextContent());
        // exit 1 when an implementation failed, else 3 when the suite is not sound, else 0 (README, "Exit codes")
        String expected = !gate.implementationsPassed() ? "fail" : gate.suiteSound() ? "pass" : "fault";
        assertEquals("status " + expected, status.getAttribute("class"));
    }

    /**
     * Diagram 3 at d = 5, h1 = 4, h2 = 3, n = 2 and Prop 2's network at d = 4, h = 3, n = 2: the shapes as the notes
     * write them, W_k n_k×n_{k−1}, ∂ℓ/∂W_k n_{k−1}×n_k in numerator layout, each symbolic and in numbers.
     */
    @Test
    void theDiagramsAreInlineSvgWithTheNetworksDimensions() {
        List<Element> svgs = new ArrayList<>();
        for (Element figure : Pages.find(Pages.byId(doc, "diagrams"), Pages.XHTML, "figure", "diagram")) {
            svgs.add(Pages.find(figure, Pages.SVG, "svg").get(0));
        }
        assertEquals(2, svgs.size());
        String three = svgs.get(0).getTextContent();
        for (String shape : List.of("h1×d = 4×5", "h2×h1 = 3×4", "n×h2 = 2×3", "d×h1 = 5×4", "h1×h2 = 4×3",
                "h2×n = 3×2", "1×n = 1×2", "d×1 = 5×1")) {
            assertTrue(three.contains(shape), "Diagram 3 lacks " + shape);
        }
        String two = svgs.get(1).getTextContent();
        for (String shape : List.of("h×d = 3×4", "n×h = 2×3", "d×h = 4×3", "h×n = 3×2")) {
            assertTrue(two.contains(shape), "Prop 2's diagram lacks " + shape);
        }
        assertFalse(two.contains("h1"), "a depth-2 network's hidden width is h, as in Prop 2");
        // inlined as elements, not as a nested XML document
        assertFalse(page.contains("<?xml"));
    }

    @Test
    void thePageIsSelfContained() {
        Pages.assertSelfContained(page, doc);
        assertEquals(1, Pages.find(doc.getDocumentElement(), Pages.XHTML, "style").size());
    }

    @Test
    void theTaylorPlotAndTheHeatMapAreThere() {
        Element taylor = Pages.byId(doc, "taylor");
        assertEquals(2, Pages.find(taylor, Pages.SVG, "polyline", "series").size());
        Element heat = Pages.byId(doc, "heat-maps");
        // Diagram 3's network has three layers: W1, b1, W2, b2, W3, b3
        assertEquals(6, Pages.find(heat, Pages.SVG, "svg", "heat").size());
        assertTrue(heat.getTextContent().contains("not a finding of this run"), "the example says what it is");
    }

    @Test
    void writingGivesThePageItselfAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gate.html");
        Files.writeString(file, "an older report");
        HtmlReport.forGate(gate, file);
        // the examples are drawn from the run's seed: the same run writes the same page
        assertEquals(page, Files.readString(file, StandardCharsets.UTF_8));
        Path plain = dir.resolve("plain.html");
        HtmlReport.write(plain, gate, List.of(), List.of(), List.of());
        assertEquals(HtmlReport.render(gate, List.of(), List.of(), List.of()),
                Files.readString(plain, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file, plain), files.sorted().toList());
        }
    }
}
