package dev.backprop.verification.html;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import dev.backprop.verification.diagnose.Diagnoser;
import dev.backprop.verification.diagram.Diagram;
import dev.backprop.verification.diagram.NetworkShape;
import dev.backprop.verification.diagram.SvgDiagram;
import dev.backprop.verification.diagram.TextDiagram;
import dev.backprop.verification.exchange.Precision;
import dev.backprop.verification.gate.GateResult;
import dev.backprop.verification.gate.ImplementationResult;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.large.TaylorRemainder;
import dev.backprop.verification.numeric.DeepForwardModeAd;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.report.OutputFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * One self-contained HTML5 page to look at a gate run: the claim table, the errata with evidence and corrections,
 * the implementation checks, the summary lines; the forward and backward diagrams; a log-log plot of the Taylor
 * remainder; heat maps of a wrong gradient's error per entry.
 *
 * <h2>Self-contained</h2>
 * Viewing needs no network and no script: CSS is inline in the page, pictures are inline SVG, fonts are the
 * viewer's own (generic families), the only links are to anchors within the page. Every text taken from the data
 * is escaped (claims' statements hold &lt;, &gt;, &amp; and Unicode math), and the markup is XHTML-compatible — every
 * element closed, no entity but XML's five — so the page parses as XML as well as HTML5, which is how its tests read
 * it.
 *
 * <h2>Use</h2>
 * {@link #forGate(GateResult, Path)} needs nothing but the gate's result: it adds the seed's Diagram 3 and Prop 2's
 * shallow network ({@link #exampleDiagrams()}), and computes its own Taylor and heat-map examples on a Diagram-3
 * network drawn from the run's seed ({@link #exampleTaylorSeries(long)}, {@link #exampleHeatMaps(long)}): the
 * optimized gradient (right) and the same gradient with layer {@value #WRONG_LAYER} scaled by
 * {@value #WRONG_FACTOR} (wrong), a planted mistake whose pictures show what right and wrong look like. {@link
 * #render} and {@link #write} take any diagrams, series and heat maps instead, e.g. those of a failing case.
 */
public final class HtmlReport {
    /** The layer whose gradient the examples scale to make a wrong gradient. */
    public static final int WRONG_LAYER = 2;
    /** The factor the examples scale it by. */
    public static final double WRONG_FACTOR = 1.01;

    private static final Pattern URL_REFERENCE = Pattern.compile("url\\(#([^)]+)\\)");

    private HtmlReport() {
    }

    /**
     * The page for a gate run with the examples of {@link #exampleDiagrams()}, {@link #exampleTaylorSeries(long)}
     * and {@link #exampleHeatMaps(long)}, drawn from the run's seed (the same run gives the same page).
     */
    public static String forGate(GateResult gate) {
        return render(gate, exampleDiagrams(), exampleTaylorSeries(gate.seed()), exampleHeatMaps(gate.seed()));
    }

    /** {@link #forGate(GateResult)} written to {@code file}, atomically ({@link OutputFiles#write}). */
    public static void forGate(GateResult gate, Path file) throws IOException {
        OutputFiles.write(file, forGate(gate));
    }

    /** {@link #render} written to {@code file}, atomically ({@link OutputFiles#write}). */
    public static void write(Path file, GateResult gate, List<Diagram> diagrams, List<TaylorPlot.Series> taylor,
            List<HeatMap> heatMaps) throws IOException {
        OutputFiles.write(file, render(gate, diagrams, taylor, heatMaps));
    }

    /**
     * The page. Each section says so when it has nothing to show.
     *
     * @param gate     the gate run; null for a page of pictures only
     * @param diagrams drawn in order, each as SVG with its text form beneath
     * @param taylor   the series of one Taylor plot
     * @param heatMaps in order
     */
    public static String render(GateResult gate, List<Diagram> diagrams, List<TaylorPlot.Series> taylor,
            List<HeatMap> heatMaps) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n"
                + "<head>\n<meta charset=\"utf-8\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>")
                .append(Markup.text("backprop-verify report" + (gate == null ? "" : ", seed " + gate.seed())))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        out.append("<header>\n<h1>backprop-verify report</h1>\n");
        if (gate != null) {
            status(out, gate);
        }
        out.append("<nav><ul>");
        if (gate != null) {
            out.append("<li><a href=\"#claims\">Claims</a></li><li><a href=\"#errata\">Errata</a></li>"
                    + "<li><a href=\"#implementations\">Implementations</a></li>");
        }
        out.append("<li><a href=\"#diagrams\">Diagrams</a></li><li><a href=\"#taylor\">Taylor remainder</a></li>"
                + "<li><a href=\"#heat-maps\">Heat maps</a></li></ul></nav>\n</header>\n<main>\n");
        if (gate != null) {
            claims(out, gate);
            errata(out, gate);
            implementations(out, gate);
        }
        diagrams(out, diagrams);
        taylor(out, taylor);
        heatMaps(out, heatMaps);
        out.append("</main>\n<footer><p>Written by backprop-verify. This page is self-contained: it loads nothing and "
                + "runs no script.</p></footer>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---- the gate ------------------------------------------------------------------------------------------

    private static void status(StringBuilder out, GateResult gate) {
        int exit = !gate.implementationsPassed() ? 1 : gate.suiteSound() ? 0 : 3;
        String word = exit == 0 ? "pass" : exit == 1 ? "fail" : "fault";
        String text = exit == 0 ? "PASS — every implementation passed and the suite is sound (exit 0)"
                : exit == 1 ? "FAIL — an implementation, or the agreement of two, failed (exit 1)"
                        : "SUITE AT FAULT — a claim could not be evaluated, an erratum is unexplained or a correction "
                                + "does not hold (exit 3)";
        out.append("<div class=\"status ").append(word).append("\" id=\"status\">\n<p class=\"headline\">")
                .append(Markup.text(text)).append("</p>\n<p class=\"lines\"><code class=\"soundness\">")
                .append(Markup.text(gate.soundness())).append("</code><br/><code class=\"summary\">")
                .append(Markup.text(gate.summary())).append("</code></p>\n<p class=\"seed\">seed ").append(gate.seed())
                .append(" — every run is reproducible from it</p>\n</div>\n");
    }

    private static void claims(StringBuilder out, GateResult gate) {
        out.append("<section id=\"claims\">\n<h2>Claims of the notes</h2>\n<p>Every numbered statement of the notes "
                + "and every line of their proofs, evaluated on random instances. Scaled error = |lhs − rhs| / "
                + "(ε·K·gauge); threshold 1. For a claim that does not hold, the error of its smallest failing case "
                + "(∞ where the dimensions cannot agree).</p>\n");
        out.append("<div class=\"scroll\"><table class=\"claims\">\n<thead><tr><th>claim</th><th>where</th>"
                + "<th>verdict</th><th class=\"num\">cases</th><th class=\"num\">worst error</th><th>statement</th>"
                + "</tr></thead>\n<tbody>\n");
        List<ClaimResult> claims = gate.claims();
        for (int i = 0; i < claims.size(); i++) {
            ClaimResult c = claims.get(i);
            String v = verdict(c.verdict());
            out.append("<tr class=\"claim ").append(v).append("\"><td class=\"id\">");
            if (c.isErratum() || c.verdict() == Verdict.ERROR) {
                out.append("<a href=\"#claim-").append(i).append("\">").append(Markup.text(c.claim().id()))
                        .append("</a>");
            } else {
                out.append(Markup.text(c.claim().id()));
            }
            out.append("</td><td class=\"source\">").append(Markup.text(c.claim().source()))
                    .append("</td><td class=\"verdict ")
                    .append(v).append("\">").append(v).append("</td><td class=\"num\">").append(c.run().tried())
                    .append("</td><td class=\"num\">").append(Markup.text(worst(c.run())))
                    .append("</td><td class=\"statement\">").append(Markup.text(c.claim().statement()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void errata(StringBuilder out, GateResult gate) {
        List<ClaimResult> claims = gate.claims();
        long errata = claims.stream().filter(ClaimResult::isErratum).count();
        out.append("<section id=\"errata\">\n<h2>Errata found (").append(errata).append(")</h2>\n");
        if (errata == 0) {
            out.append("<p>Every claim holds.</p>\n");
        }
        for (int i = 0; i < claims.size(); i++) {
            ClaimResult c = claims.get(i);
            if (!c.isErratum()) {
                continue;
            }
            String v = verdict(c.verdict());
            out.append("<article class=\"erratum ").append(v).append("\" id=\"claim-").append(i).append("\">\n<h3>")
                    .append("<span class=\"badge ").append(v).append("\">").append(v).append("</span> ")
                    .append(Markup.text(c.claim().id())).append(" <span class=\"where\">(")
                    .append(Markup.text(c.claim().source())).append(")</span></h3>\n<p class=\"statement\">")
                    .append(Markup.text(c.claim().statement())).append("</p>\n<p class=\"label\">evidence</p>\n"
                            + "<pre class=\"evidence\">").append(Markup.text(c.evidence())).append("</pre>\n");
            ClaimResult fix = c.correction();
            if (fix == null) {
                out.append("<p class=\"alarm\">UNEXPLAINED: no correction records what holds instead. Either the notes "
                        + "are wrong in a new way or the suite's evaluators are; the gate fails until a correction "
                        + "that holds explains it.</p>\n");
            } else {
                String fv = verdict(fix.verdict());
                out.append("<div class=\"correction\">\n<p><span class=\"label\">corrected</span> ")
                        .append(Markup.text(fix.claim().id())).append(", <span class=\"badge ").append(fv).append("\">")
                        .append(fv).append("</span> on ").append(fix.run().tried()).append(" cases</p>\n"
                                + "<p class=\"statement\">").append(Markup.text(fix.claim().statement()))
                        .append("</p>\n");
                if (fix.verdict() != Verdict.HOLDS) {
                    out.append("<p class=\"alarm\">").append(fix.verdict() == Verdict.ERROR
                            ? "THE CORRECTION COULD NOT BE EVALUATED" : "THE CORRECTION DOES NOT HOLD")
                            .append("</p>\n<pre class=\"evidence\">").append(Markup.text(fix.evidence()))
                            .append("</pre>\n");
                }
                out.append("</div>\n");
            }
            out.append("</article>\n");
        }
        List<ClaimResult> errors = gate.errors();
        if (!errors.isEmpty()) {
            out.append("<h3 class=\"alarm\">Evaluator errors (").append(errors.size()).append("): faults of the suite, "
                    + "not of the notes</h3>\n");
            for (ClaimResult c : errors) {
                int index = claims.indexOf(c);
                out.append("<article class=\"erratum error\"").append(index >= 0 ? " id=\"claim-" + index + "\"" : "")
                        .append(">\n<h3><span class=\"badge error\">error</span> ").append(Markup.text(c.claim().id()))
                        .append(" <span class=\"where\">(").append(Markup.text(c.claim().source()))
                        .append(")</span></h3>\n<p class=\"statement\">").append(Markup.text(c.claim().statement()))
                        .append("</p>\n<pre class=\"evidence\">").append(Markup.text(c.evidence()))
                        .append("</pre>\n</article>\n");
            }
        }
        out.append("</section>\n");
    }

    private static void implementations(StringBuilder out, GateResult gate) {
        out.append("<section id=\"implementations\">\n<h2>Implementations</h2>\n<p>Each implementation against the "
                + "oracles (exact forward-mode AD, finite differences with their own error bound), and each pair "
                + "against each other. kinks: finite-difference stencils that reached a ReLU or leaky-ReLU kink "
                + "and were handled; on: points on a kink within rounding, where either slope is right.</p>\n");
        if (gate.implementations().isEmpty() && gate.agreements().isEmpty()) {
            out.append("<p>No implementation was checked in this run.</p>\n");
        }
        List<ImplementationResult> all = new ArrayList<>(gate.implementations());
        all.addAll(gate.agreements());
        for (int n = 0; n < all.size(); n++) {
            ImplementationResult r = all.get(n);
            boolean agreement = n >= gate.implementations().size();
            String word = r.passed() ? "pass" : r.failed() ? "fail" : "error";
            out.append("<h3 class=\"implementation\"><span class=\"badge ").append(word).append("\">").append(word)
                    .append("</span> ").append(Markup.text(r.name())).append(agreement ? " <span class=\"where\">"
                            + "(agreement of two implementations)</span>" : "").append("</h3>\n");
            out.append("<div class=\"scroll\"><table class=\"checks\">\n<thead><tr><th>check</th><th>result</th>"
                    + "<th class=\"num\">cases</th><th class=\"num\">worst error</th><th class=\"num\">kinks</th>"
                    + "<th class=\"num\">on</th></tr></thead>\n<tbody>\n");
            for (PropertyResult p : r.checks()) {
                String result = p.passed() ? "pass" : p.kind() == Observation.Kind.ERROR ? "error" : "fail";
                out.append("<tr class=\"check ").append(result).append("\"><td>").append(Markup.text(p.name()))
                        .append("</td><td class=\"verdict ").append(result).append("\">").append(result)
                        .append("</td><td class=\"num\">").append(p.tried()).append("</td><td class=\"num\">")
                        .append(Markup.text(worst(p))).append("</td><td class=\"num\">").append(p.kinks())
                        .append("</td><td class=\"num\">").append(p.onKink()).append("</td></tr>\n");
                if (!p.passed()) {
                    out.append("<tr class=\"report\"><td colspan=\"6\"><pre class=\"evidence\">")
                            .append(Markup.text(p.report() + "\nreplay: --seed " + p.seed()
                                    + " (the smallest case above rebuilds the network)"))
                            .append("</pre></td></tr>\n");
                }
            }
            out.append("</tbody>\n</table></div>\n");
        }
        out.append("</section>\n");
    }

    /** The worst scaled error of a run: over the passing cases, or the smallest failing case's. */
    private static String worst(PropertyResult p) {
        return Markup.value(p.passed() ? p.worst() : p.falsified().scaledError());
    }

    /** "holds", "fails", "ill-formed", "error": the words of the text report. */
    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- pictures ------------------------------------------------------------------------------------------

    private static void diagrams(StringBuilder out, List<Diagram> diagrams) {
        out.append("<section id=\"diagrams\">\n<h2>Forward and backward diagrams</h2>\n<p>Every node and factor with "
                + "its shape, symbolic and in numbers, and the item of the notes it uses; numerator layout "
                + "(vectors are columns, g_k = ∂ℓ/∂z_k is a row, ∂ℓ/∂W_k has the shape of W_kᵀ).</p>\n");
        if (diagrams.isEmpty()) {
            out.append("<p>No diagram in this report.</p>\n");
        }
        for (int n = 0; n < diagrams.size(); n++) {
            Diagram d = diagrams.get(n);
            out.append("<figure class=\"diagram\">\n<figcaption>").append(Markup.text(d.heading())).append(": ")
                    .append(Markup.text(d.dimensions())).append("; ").append(Markup.text(d.loss()))
                    .append("</figcaption>\n<div class=\"scroll\">").append(inline(SvgDiagram.render(d), "d" + n + "-"))
                    .append("</div>\n<details><summary>as text</summary><pre class=\"text-diagram\">")
                    .append(Markup.text(TextDiagram.render(d))).append("</pre></details>\n</figure>\n");
        }
        out.append("</section>\n");
    }

    /**
     * An SVG document as an element to inline: its XML declaration dropped, and every id given {@code prefix} (with
     * the {@code url(#…)} and {@code #…} references to it), so that two drawings on one page never share an id.
     */
    static String inline(String svgDocument, String prefix) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svgDocument.getBytes(StandardCharsets.UTF_8)));
            NodeList all = doc.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                NamedNodeMap attributes = e.getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    Attr attr = (Attr) attributes.item(a);
                    String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
                    String value = attr.getValue();
                    if (name.equals("id")) {
                        attr.setValue(prefix + value);
                    } else if (name.equals("href") && value.startsWith("#")) {
                        attr.setValue("#" + prefix + value.substring(1));
                    } else if (value.contains("url(#")) {
                        Matcher m = URL_REFERENCE.matcher(value);
                        attr.setValue(m.replaceAll(r -> Matcher.quoteReplacement("url(#" + prefix + r.group(1) + ")")));
                    }
                }
            }
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.METHOD, "xml");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter text = new StringWriter();
            t.transform(new DOMSource(doc.getDocumentElement()), new StreamResult(text));
            return text.toString();
        } catch (Exception e) {
            // the diagrams are the suite's own well-formed SVG: failing to read one is a fault of the suite
            throw new IllegalStateException("cannot inline a diagram's SVG: " + e.getMessage(), e);
        }
    }

    private static void taylor(StringBuilder out, List<TaylorPlot.Series> series) {
        out.append("<section id=\"taylor\">\n<h2>Taylor remainder</h2>\n<p>r(h) = |ℓ(θ + h·v) − ℓ(θ) − ⟨g, h·v⟩| "
                + "along a random direction v. For a right gradient g it shrinks as h² (slope 2 on these log-log "
                + "axes) until it reaches the rounding bound N(h); for a gradient wrong along v it shrinks as h "
                + "(slope 1). The verdict is taken on the smallest pair of steps clear of noise.</p>\n");
        if (series.isEmpty()) {
            out.append("<p>No Taylor test in this report.</p>\n</section>\n");
            return;
        }
        String svg = TaylorPlot.svg(series);
        if (svg.isEmpty()) {
            out.append("<p class=\"alarm\">Nothing to plot: no series has a point with h and r(h) positive and "
                    + "finite.</p>\n");
        } else {
            out.append("<figure class=\"plot\"><div class=\"scroll\">").append(svg).append("</div></figure>\n");
        }
        List<String> unplotted = TaylorPlot.unplotted(series);
        if (!unplotted.isEmpty()) {
            out.append("<ul class=\"notes unplotted\">\n");
            for (String line : unplotted) {
                out.append("<li>").append(Markup.text(line)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("<ul class=\"verdicts\">\n");
        for (TaylorPlot.Series s : series) {
            String v = s.result().verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
            out.append("<li><strong>").append(Markup.text(s.label())).append("</strong>: <span class=\"badge ")
                    .append(v).append("\">").append(Markup.text(TaylorPlot.verdictLine(s.result()))).append("</span> — ")
                    .append(Markup.text(s.result().reason())).append("</li>\n");
        }
        out.append("</ul>\n");
        for (TaylorPlot.Series s : series) {
            out.append("<details><summary>the numbers: ").append(Markup.text(s.label()))
                    .append("</summary>\n<div class=\"scroll\"><table class=\"taylor-points\">\n<thead><tr>"
                            + "<th class=\"num\">step</th><th class=\"num\">h</th><th class=\"num\">r(h)</th>"
                            + "<th class=\"num\">N(h)</th><th>clear</th><th class=\"num\">kinks crossed</th>"
                            + "<th class=\"num\">order to next</th></tr></thead>\n<tbody>\n");
            double[] orders = s.result().orders();
            for (int k = 0; k < s.result().points().size(); k++) {
                var p = s.result().points().get(k);
                out.append("<tr").append(k == s.result().pair() || k == s.result().pair() + 1 ? " class=\"judged\"" : "")
                        .append("><td class=\"num\">").append(k).append("</td><td class=\"num\">")
                        .append(Markup.text(Markup.value(p.h()))).append("</td><td class=\"num\">")
                        .append(Markup.text(Markup.value(p.remainder()))).append("</td><td class=\"num\">")
                        .append(Markup.text(Markup.value(p.noise()) + (p.noiseComplete() ? "" : " (partial)")))
                        .append("</td><td>").append(p.clear() ? "yes" : "—").append("</td><td class=\"num\">")
                        .append(p.kinksCrossed()).append("</td><td class=\"num\">")
                        .append(k < orders.length ? Markup.text(String.format(Locale.ROOT, "%.3f", orders[k])) : "")
                        .append("</td></tr>\n");
            }
            out.append("</tbody>\n</table></div>\n</details>\n");
        }
        out.append("</section>\n");
    }

    private static void heatMaps(StringBuilder out, List<HeatMap> heatMaps) {
        out.append("<section id=\"heat-maps\">\n<h2>Error per entry</h2>\n<p>For a wrong gradient: how far each entry "
                + "of each parameter's gradient is from the right value. A mistake confined to one layer, one "
                + "row or one entry shows as a dark patch there.</p>\n");
        if (heatMaps.isEmpty()) {
            out.append("<p>No heat map in this report.</p>\n");
        }
        for (HeatMap h : heatMaps) {
            out.append(h.html());
        }
        out.append("</section>\n");
    }

    // ---- the examples --------------------------------------------------------------------------------------

    /** The seed's Diagram 3 ({@link Diagram#seedDiagramThree()}) and Prop 2's shallow network, d = 4, h = 3, n = 2. */
    public static List<Diagram> exampleDiagrams() {
        return List.of(Diagram.seedDiagramThree(), Diagram.of(new NetworkShape(List.of(4, 3, 2),
                List.of(Activation.SIGMOID), Loss.HALF_SQUARED_ERROR)));
    }

    /**
     * The Taylor test on a network of Diagram 3's shape (d = 5, h1 = 4, h2 = 3, n = 2, tanh, ½‖r‖² summed over a
     * batch of 3), drawn from {@code seed}: for the optimized gradient, and for it with layer {@value #WRONG_LAYER}
     * scaled by {@value #WRONG_FACTOR}.
     */
    public static List<TaylorPlot.Series> exampleTaylorSeries(long seed) {
        DeepCase c = exampleCase(seed);
        DeepGradient right = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        DeepGradient wrong = scaleLayer(right, WRONG_LAYER, WRONG_FACTOR);
        return List.of(
                new TaylorPlot.Series("right: optimized gradient",
                        TaylorRemainder.test(c.network(), c.batch(), c.objective(), right, seed)),
                new TaylorPlot.Series("wrong: layer " + WRONG_LAYER + " × " + WRONG_FACTOR,
                        TaylorRemainder.test(c.network(), c.batch(), c.objective(), wrong, seed)));
    }

    /**
     * The heat map of the wrong example gradient of {@link #exampleTaylorSeries(long)} against the exact gradient
     * (forward-mode AD), in scaled error with the case's gauges, with the diagnosis's lines as notes.
     */
    public static List<HeatMap> exampleHeatMaps(long seed) {
        DeepCase c = exampleCase(seed);
        DeepGradient wrong = scaleLayer(new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective()),
                WRONG_LAYER, WRONG_FACTOR);
        DeepGradient exact = DeepForwardModeAd.gradient(c.network(), c.batch(), c.objective());
        List<String> notes = new ArrayList<>();
        notes.add("An example, not a finding of this run: a planted mistake (layer " + WRONG_LAYER + "'s gradient × "
                + WRONG_FACTOR + ") on the case " + c.recipe() + ".");
        try {
            for (String line : Diagnoser.of(c.network(), c.batch(), c.objective(), wrong, Precision.FLOAT64).lines()) {
                notes.add("diagnosis: " + line);
            }
        } catch (RuntimeException e) {
            // the picture stands without the diagnosis; say why it is missing rather than lose the page
            notes.add("no diagnosis: " + e.getMessage());
        }
        return List.of(HeatMap.of("Example: layer " + WRONG_LAYER + " scaled by " + WRONG_FACTOR + ", against the "
                + "exact gradient", wrong, exact, DeepGauges.of(c.network(), c.batch(), c.objective()))
                .withNotes(notes));
    }

    private static DeepCase exampleCase(long seed) {
        return Generators.deepCase(new int[] {5, 4, 3, 2}, List.of(Activation.TANH, Activation.TANH),
                new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), 3, 1.0, Generators.Targets.RANDOM, seed);
    }

    /** {@code g} with ∂ℓ/∂W_k and ∂ℓ/∂b_k multiplied by {@code factor}. */
    private static DeepGradient scaleLayer(DeepGradient g, int k, double factor) {
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int layer = 1; layer <= g.depth(); layer++) {
            double by = layer == k ? factor : 1.0;
            Matrix w = g.weight(layer);
            Matrix b = g.bias(layer);
            weights.add(Matrix.fromFunction(w.rows(), w.cols(), (i, j) -> by * w.get(i, j)));
            biases.add(Matrix.fromFunction(b.rows(), b.cols(), (i, j) -> by * b.get(i, j)));
        }
        return new DeepGradient(g.layout(), weights, biases);
    }

    // ---- style ---------------------------------------------------------------------------------------------

    /**
     * The page's only style sheet. Verdicts are told by a word and a colour both (never by colour alone); tables
     * scroll sideways inside their box on a narrow screen instead of widening the page.
     */
    private static final String CSS = String.join("\n",
            ":root { --holds: #137333; --holds-bg: #e6f4ea; --fails: #a50e0e; --fails-bg: #fce8e6;",
            "  --ill: #8a4b00; --ill-bg: #fef3d6; --error: #5b2a86; --error-bg: #efe5f7; --rule: #d9dde3; }",
            "* { box-sizing: border-box; }",
            "body { margin: 0; font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial,"
                    + " sans-serif; font-size: 15px; line-height: 1.5; color: #1d2329; background: #fafbfc; }",
            "header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }",
            "header { padding-top: 20px; }",
            "h1 { font-size: 1.7em; margin: 0.2em 0 0.5em; }",
            "h2 { font-size: 1.35em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--rule); }",
            "h3 { font-size: 1.08em; margin: 1.3em 0 0.4em; }",
            "code, pre, td.id, .text-diagram { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,"
                    + " \"DejaVu Sans Mono\", \"Liberation Mono\", monospace; font-size: 0.9em; }",
            "pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3em 0; }",
            "pre.text-diagram { white-space: pre; overflow-wrap: normal; line-height: 1.25; }",
            "nav ul { list-style: none; padding: 0; margin: 0.6em 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }",
            "nav a { color: #1f5fa8; text-decoration: none; } nav a:hover { text-decoration: underline; }",
            ".status { border-radius: 8px; padding: 10px 16px; border: 1px solid var(--rule); background: #fff; }",
            ".status.pass { border-left: 8px solid var(--holds); }",
            ".status.fail { border-left: 8px solid var(--fails); }",
            ".status.fault { border-left: 8px solid var(--error); }",
            ".status .headline { font-weight: 600; margin: 0 0 0.3em; }",
            ".status p { margin: 0.2em 0; } .seed { color: #555; }",
            ".scroll { overflow-x: auto; max-width: 100%; }",
            "table { border-collapse: collapse; background: #fff; border: 1px solid var(--rule); margin: 0.4em 0 1em;"
                    + " width: 100%; }",
            "th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }",
            "th { position: sticky; top: 0; background: #eef1f5; font-weight: 600; white-space: nowrap; }",
            "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }",
            "td.id { white-space: nowrap; }",
            "td.source { min-width: 9em; }",
            "td.statement { min-width: 24em; }",
            "td.verdict, .badge { font-weight: 600; white-space: nowrap; }",
            ".badge { display: inline-block; padding: 0 0.5em; border-radius: 4px; font-size: 0.92em; }",
            "td.verdict.holds, td.verdict.pass, .badge.holds, .badge.pass, .badge.consistent"
                    + " { color: var(--holds); background: var(--holds-bg); }",
            "td.verdict.fails, td.verdict.fail, .badge.fails, .badge.fail, .badge.inconsistent"
                    + " { color: var(--fails); background: var(--fails-bg); }",
            "td.verdict.ill-formed, .badge.ill-formed, .badge.not-decisive { color: var(--ill); background: var(--ill-bg); }",
            "td.verdict.error, .badge.error { color: var(--error); background: var(--error-bg); }",
            "tr.claim.fails td:not(.verdict), tr.claim.ill-formed td:not(.verdict), tr.claim.error td:not(.verdict)"
                    + " { background-color: #fffaf9; }",
            "tr.report td { background: #fbfbfb; }",
            "tr.judged td { background: #fff8e1; }",
            "article.erratum { background: #fff; border: 1px solid var(--rule); border-left: 6px solid var(--fails);"
                    + " border-radius: 6px; padding: 6px 14px 10px; margin: 0.8em 0; }",
            "article.erratum.ill-formed { border-left-color: var(--ill); }",
            "article.erratum.error { border-left-color: var(--error); }",
            "article.erratum h3 { margin: 0.4em 0; color: #1d2329; }",
            ".where { color: #555; font-weight: normal; }",
            ".label { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: #555; margin: 0.4em 0 0; }",
            ".correction { border-top: 1px dashed var(--rule); margin-top: 0.5em; padding-top: 0.2em; }",
            ".alarm { color: var(--fails); font-weight: 600; }",
            "figure { margin: 1em 0; background: #fff; border: 1px solid var(--rule); border-radius: 6px; padding: 10px; }",
            "figcaption { font-size: 0.95em; margin-bottom: 0.4em; }",
            "svg { max-width: 100%; height: auto; }",
            "details { margin: 0.4em 0; } summary { cursor: pointer; color: #1f5fa8; }",
            ".heat-panels { display: flex; flex-wrap: wrap; gap: 12px; }",
            ".heat-panels figure { margin: 0; flex: 0 1 auto; max-width: 520px; }",
            ".heat-panels figcaption { font-size: 0.88em; }",
            ".downsampled { color: var(--ill); }",
            "ul.notes li, ul.verdicts li { margin: 0.2em 0; }",
            "footer { color: #666; font-size: 0.85em; padding-top: 2em; padding-bottom: 2em; }",
            "@media print { .scroll { overflow: visible; } th { position: static; } }",
            "");
}
