package dev.backprop.verification.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.verification.diagnose.Diagnosis;
import dev.backprop.verification.exchange.CaseVerdict;
import dev.backprop.verification.exchange.ExchangeCase;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.report.JsonReport;
import dev.backprop.verification.report.ReportCase;
import dev.backprop.verification.report.ReportSuite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The judge's result, as the text table, JUnit XML (one test case per case) and JSON. Nothing in it depends on
 * time, so the same files give the same report.
 */
final class JudgeReport {
    private final Path cases;
    private final Path gradients;
    private final long seed;
    private final List<JudgeCommand.JudgedCase> judged;

    JudgeReport(Path cases, Path gradients, long seed, List<JudgeCommand.JudgedCase> judged) {
        this.cases = cases;
        this.gradients = gradients;
        this.seed = seed;
        this.judged = List.copyOf(judged);
    }

    long count(CaseVerdict.Status status) {
        return judged.stream().filter(j -> j.verdict().status() == status).count();
    }

    /** 1 when some gradient is wrong; else 3 when some case could not be judged; else 0. */
    int exitCode() {
        return count(CaseVerdict.Status.FAIL) > 0 ? 1 : count(CaseVerdict.Status.NOT_JUDGED) > 0 ? 3 : 0;
    }

    /** The summary line, for CI logs: {@code judged: N cases, P pass, F fail, U not judged}. */
    String summary() {
        return "judged: " + judged.size() + " cases, " + count(CaseVerdict.Status.PASS) + " pass, "
                + count(CaseVerdict.Status.FAIL) + " fail, " + count(CaseVerdict.Status.NOT_JUDGED) + " not judged";
    }

    /** Prints the report; {@code note} (where a replay was written), when not empty, goes before the summary. */
    void print(PrintStream out, String note) {
        out.println("backprop-verify judge — " + gradients + " against " + cases + " (seed " + seed + ")");
        out.println("scaled error = |got − want| / bound, threshold 1 (rounding rule against forward-mode AD at the "
                + "declared precision; finite differences against their own error bound)");
        String row = "%-10s %-20s %-26s %-9s %-5s %-11s %-9s %-11s %10s %6s %4s%n";
        out.printf(Locale.ROOT, row, "case", "widths", "loss", "reduction", "B", "layout", "precision", "result",
                "worst err", "kinks", "on");
        for (JudgeCommand.JudgedCase j : judged) {
            CaseVerdict v = j.verdict();
            out.printf(Locale.ROOT, row, j.c().id(), widths(j.c().network()), j.c().objective().loss().reportName(),
                    j.c().objective().reduction().reportName(), j.c().batch().size(),
                    GradientFiles.layoutName(j.answer().layout()), j.answer().precision().fileName(), result(v),
                    String.format(Locale.ROOT, "%.2e", v.worstScaledError()), v.kinks(), v.onKink());
        }
        for (JudgeCommand.JudgedCase j : judged) {
            CaseVerdict v = j.verdict();
            if (!v.passed()) {
                out.println();
                out.println((v.status() == CaseVerdict.Status.FAIL ? "FAILED " : "NOT JUDGED ") + j.c().id() + " ("
                        + j.c().network().describe() + ", " + j.c().objective().describe() + ", B = "
                        + j.c().batch().size() + (j.c().recipe().isEmpty() ? "" : ", recipe " + j.c().recipe())
                        + ")");
                for (String line : detail(v)) {
                    out.println("  " + line);
                }
            }
        }
        out.println();
        if (!note.isEmpty()) {
            out.println(note);
        }
        out.println(summary());
    }

    private static List<String> detail(CaseVerdict v) {
        List<String> lines = new ArrayList<>();
        if (v.diagnosis() != null) {
            lines.addAll(v.diagnosis().lines());
        }
        if (!v.evidence().isEmpty()) {
            v.evidence().lines().forEach(l -> lines.add("evidence: " + l));
        }
        return lines;
    }

    ReportSuite suite() {
        List<ReportCase> out = new ArrayList<>();
        for (JudgeCommand.JudgedCase j : judged) {
            CaseVerdict v = j.verdict();
            String name = j.c().id() + " (" + widths(j.c().network()) + ", " + j.c().objective().describe() + ")";
            if (v.passed()) {
                out.add(ReportCase.passed(name, String.format(Locale.ROOT, "worst scaled error %.3g",
                        v.worstScaledError())));
            } else {
                List<String> detail = detail(v);
                String first = detail.isEmpty() ? v.status().toString() : detail.get(0);
                out.add(new ReportCase(name, v.status() == CaseVerdict.Status.FAIL ? ReportCase.Outcome.FAILED
                        : ReportCase.Outcome.ERROR, first, String.join("\n", detail)));
            }
        }
        return new ReportSuite("judge " + gradients.getFileName(), out);
    }

    ObjectNode json() {
        ObjectNode root = JsonReport.object();
        root.put("format", "backprop-verify/judge-report");
        root.put("version", 1);
        root.put("cases_file", cases.toString());
        root.put("gradients_file", gradients.toString());
        root.put("seed", seed);
        root.put("exit_code", exitCode());
        root.put("summary", summary());
        ArrayNode list = root.putArray("cases");
        for (JudgeCommand.JudgedCase j : judged) {
            CaseVerdict v = j.verdict();
            ObjectNode o = list.addObject();
            o.put("id", j.c().id());
            o.put("result", v.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            JsonReport.putNumber(o, "worst_scaled_error", v.worstScaledError());
            o.put("layout", GradientFiles.layoutName(j.answer().layout()));
            o.put("precision", j.answer().precision().fileName());
            o.put("kinks", v.kinks());
            o.put("on_kink", v.onKink());
            o.put("evidence", v.evidence());
            Diagnosis d = v.diagnosis();
            if (d != null) {
                ObjectNode diagnosis = o.putObject("diagnosis");
                diagnosis.put("headline", d.headline());
                diagnosis.put("triage", d.triage() == null ? "" : d.triage().name().toLowerCase(Locale.ROOT));
                ArrayNode findings = diagnosis.putArray("findings");
                for (Diagnosis.Finding f : d.findings()) {
                    ObjectNode fo = findings.addObject();
                    fo.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
                    ArrayNode params = fo.putArray("parameters");
                    f.parameters().forEach(p -> params.add(p.seedName()));
                    if (!Double.isNaN(f.constant())) {
                        JsonReport.putNumber(fo, "constant", f.constant());
                        fo.put("constant_name", f.constantName());
                    }
                }
                ArrayNode worst = diagnosis.putArray("worst_entries");
                for (Diagnosis.Entry e : d.worstEntries()) {
                    ObjectNode eo = worst.addObject();
                    eo.put("layer", e.parameter().layer());
                    eo.put("parameter", e.parameter().seedName());
                    eo.put("i", e.row());
                    eo.put("j", e.col());
                    eo.put("read_as", GradientFiles.layoutName(e.readAs()));
                    JsonReport.putNumber(eo, "got", e.got());
                    JsonReport.putNumber(eo, "want", e.want());
                    JsonReport.putNumber(eo, "scaled_error", e.scaledError());
                }
                ArrayNode lines = diagnosis.putArray("lines");
                d.lines().forEach(lines::add);
            }
        }
        return root;
    }

    private static String widths(DeepNetwork n) {
        StringBuilder s = new StringBuilder().append(n.inputSize());
        for (int k = 1; k <= n.depth(); k++) {
            s.append('-').append(n.width(k));
        }
        return s.toString();
    }

    private static String result(CaseVerdict v) {
        return v.status() == CaseVerdict.Status.PASS ? "pass" : v.status() == CaseVerdict.Status.FAIL ? "FAIL"
                : "NOT JUDGED";
    }
}
