package dev.backprop.verification.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.claims.Claim;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import dev.backprop.verification.gate.DeepCheck;
import dev.backprop.verification.gate.GateResult;
import dev.backprop.verification.gate.ImplementationResult;
import dev.backprop.verification.large.TaylorResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Text from the data is text on the page, whatever it holds: markup, a closing script tag, entities, comments,
 * CDATA, quotes, Unicode math, an emoji, and characters XML forbids (NUL, BEL, a lone surrogate), which become
 * U+FFFD. Built from claim results made here — a fail with a correction, an unexplained ill-formed claim, a
 * correction that does not hold, an evaluator error — and from a real failing check of a planted implementation.
 */
class HtmlReportEscapingTest {
    private static final String HOSTILE = "</script><b>bold</b> & &amp; &lt; <!-- c --> <![CDATA[x]]> \"q\" 'a' "
            + "∂ℓ/∂W₁ ≤ Σ_i x⊗Y 😀 \u0000\u0007 \uD800z <script>alert(1)</script> end";
    /** What a reader sees of {@link #HOSTILE}: the same, with each character XML 1.0 forbids replaced by U+FFFD. */
    private static final String SEEN = HOSTILE.replace("\u0000", "\uFFFD").replace("\u0007", "\uFFFD")
            .replace("\uD800", "\uFFFD");

    private static GateResult gate;
    private static PropertyResult planted;
    private static String page;
    private static Document doc;

    private static Claim claim(String id) {
        return Claim.of(id, "§1 " + HOSTILE, HOSTILE, in -> 0, x -> Observation.pass(0));
    }

    private static PropertyResult passing(String name) {
        return new PropertyResult(name, 5, 0.0123, 0, 0, 1L, null, "");
    }

    private static PropertyResult falsified(String name, Observation o) {
        return new PropertyResult(name, 2, 0.5, 1, 0, 42L, o, "smallest " + HOSTILE);
    }

    @BeforeAll
    static void render() throws Exception {
        List<ClaimResult> claims = new ArrayList<>();
        claims.add(new ClaimResult(claim("H<i>1</i>"), passing("H"), Verdict.HOLDS, null));
        claims.add(new ClaimResult(claim("F&2"), falsified("F", Observation.fail(3.5e14, HOSTILE + "\nline 2")),
                Verdict.FAILS, new ClaimResult(claim("F&2*"), passing("F*"), Verdict.HOLDS, null)));
        claims.add(new ClaimResult(claim("I\"3\""), falsified("I", Observation.illFormed(HOSTILE)),
                Verdict.ILL_FORMED, null));
        claims.add(new ClaimResult(claim("E'4'"), falsified("E", Observation.error(HOSTILE)), Verdict.ERROR, null));
        claims.add(new ClaimResult(claim("C5"), falsified("C", Observation.fail(9.0, HOSTILE)), Verdict.FAILS,
                new ClaimResult(claim("C5*"), falsified("C*", Observation.fail(7.0, "still " + HOSTILE)),
                        Verdict.FAILS, null)));
        // a planted implementation whose ∂ℓ/∂b1 is doubled, checked for real: its report carries a diagnosis
        DeepBackprop doubled = (network, batch, objective) -> {
            DeepGradient g = new OptimizedDeepBackprop().gradient(network, batch, objective);
            List<Matrix> w = new ArrayList<>();
            List<Matrix> b = new ArrayList<>();
            for (int k = 1; k <= g.depth(); k++) {
                Matrix m = g.bias(k);
                double by = k == 1 ? 2.0 : 1.0;
                w.add(g.weight(k));
                b.add(Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> by * m.get(i, j)));
            }
            return new DeepGradient(g.layout(), w, b);
        };
        planted = DeepCheck.FORWARD_MODE_AD.run(doubled, 11L, 3);
        gate = new GateResult(7L, claims, List.of(
                new ImplementationResult(HOSTILE, List.of(passing(HOSTILE),
                        falsified("check " + HOSTILE, Observation.fail(2.0, HOSTILE)))),
                new ImplementationResult("planted: ∂ℓ/∂b1 × 2", List.of(planted))), List.of());
        List<TaylorResult.Point> points = List.of(new TaylorResult.Point(0.1, 1e-3, 1e-15, true, true, 0, 1, 1e-3),
                new TaylorResult.Point(0.05, 2.5e-4, 1e-15, true, true, 0, 1, 2.5e-4));
        TaylorResult taylor = new TaylorResult(TaylorResult.Verdict.CONSISTENT, 2.0, 0, points, HOSTILE);
        HeatMap heat = HeatMap.of(HOSTILE, List.of(HOSTILE), List.of(Matrix.of(1, 2, 1, 2)),
                List.of(Matrix.of(1, 2, 1, 3))).withNotes(List.of(HOSTILE));
        page = HtmlReport.render(gate, List.of(), List.of(new TaylorPlot.Series(HOSTILE, taylor)), List.of(heat));
        Path out = Path.of("target", "html");
        Files.createDirectories(out);
        Files.writeString(out.resolve("hostile.html"), page);
        doc = Pages.parse(page);
    }

    @Test
    void noHostileMarkupBecomesMarkup() {
        for (Element e : Pages.all(doc)) {
            String name = e.getLocalName().toLowerCase(Locale.ROOT);
            assertFalse(name.equals("b") || name.equals("script") || name.equals("i"), "element " + name);
        }
        for (String raw : List.of("<b>", "</script>", "<script>", "<!-- c -->", "<![CDATA[", "<i>", "\u0000",
                "\u0007")) {
            assertFalse(page.contains(raw), raw);
        }
        Pages.assertSelfContained(page, doc);
    }

    @Test
    void theClaimTableShowsEveryTextAsItIs() {
        List<Element> rows = Pages.find(Pages.byId(doc, "claims"), Pages.XHTML, "tr", "claim");
        assertEquals(gate.claims().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ClaimResult c = gate.claims().get(i);
            List<Element> cells = Pages.children(rows.get(i), "td");
            assertEquals(c.claim().id(), cells.get(0).getTextContent());
            assertEquals("§1 " + SEEN, cells.get(1).getTextContent());
            assertEquals(SEEN, cells.get(5).getTextContent());
        }
    }

    @Test
    void evidenceCorrectionsAndAlarmsAreShownAndEscaped() {
        Element errata = Pages.byId(doc, "errata");
        List<Element> evidence = Pages.find(errata, Pages.XHTML, "pre", "evidence");
        List<String> texts = evidence.stream().map(Element::getTextContent).toList();
        for (ClaimResult c : gate.claims()) {
            if (c.isErratum() || c.verdict() == Verdict.ERROR) {
                assertTrue(texts.contains(c.evidence().replace("\u0000", "\uFFFD").replace("\u0007", "\uFFFD")
                        .replace("\uD800", "\uFFFD")), c.claim().id());
            }
        }
        String text = errata.getTextContent();
        assertTrue(text.contains("UNEXPLAINED"), "the ill-formed claim without a correction");
        assertTrue(text.contains("THE CORRECTION DOES NOT HOLD"), "C5's correction fails");
        assertTrue(text.contains("Evaluator errors (1)"), "E'4' could not be evaluated");
        assertTrue(text.contains("F&2*"), "F&2's correction is named");
    }

    @Test
    void aFailingImplementationShowsItsReportWithTheDiagnosis() {
        assertFalse(planted.passed(), "the planted implementation is caught");
        Element section = Pages.byId(doc, "implementations");
        List<String> reports = Pages.find(section, Pages.XHTML, "pre", "evidence").stream()
                .map(Element::getTextContent).toList();
        assertTrue(reports.stream().anyMatch(r -> r.startsWith(planted.report()) && r.contains("scaled by 2")),
                String.join("\n---\n", reports));
        assertEquals("status fail", Pages.byId(doc, "status").getAttribute("class"));
    }

    @Test
    void picturesCarryHostileLabelsAsText() {
        Element taylor = Pages.byId(doc, "taylor");
        assertTrue(taylor.getTextContent().contains(SEEN), "the series label and reason");
        Element heat = Pages.byId(doc, "heat-maps");
        assertEquals(SEEN, Pages.find(heat, Pages.XHTML, "h3").get(0).getTextContent());
        assertTrue(Pages.find(heat, Pages.XHTML, "ul", "notes").get(0).getTextContent().contains(SEEN));
        assertTrue(Pages.find(heat, Pages.XHTML, "figcaption").get(0).getTextContent().startsWith(SEEN + ": "));
    }
}
