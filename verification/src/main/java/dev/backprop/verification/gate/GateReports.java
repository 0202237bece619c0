package dev.backprop.verification.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import dev.backprop.verification.report.JsonReport;
import dev.backprop.verification.report.ReportCase;
import dev.backprop.verification.report.ReportSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The gate's result as CI files. JUnit XML: one suite for the seed's claims, one per implementation and per
 * agreement. A claim that fails but is an erratum explained by a correction that holds is a passing test case
 * (the seed is wrong, the gate is not: its exit code is 0), with the evidence as output; an unexplained
 * erratum or a failing correction is a failure, an evaluator error an error — exactly the conditions that make
 * the exit code non-zero. JSON: everything the text report holds, with the exit code (an implementation's
 * description, such as the optimized one's backend, as its {@code description}).
 */
final class GateReports {
    private GateReports() {
    }

    static List<ReportSuite> suites(GateResult r) {
        List<ReportSuite> suites = new ArrayList<>();
        List<ReportCase> claims = new ArrayList<>();
        for (ClaimResult c : r.claims()) {
            claims.add(claimCase(c));
        }
        suites.add(new ReportSuite("claims of the seed", claims));
        for (ImplementationResult i : Stream.concat(r.implementations().stream(), r.agreements().stream()).toList()) {
            List<ReportCase> checks = new ArrayList<>();
            for (PropertyResult p : i.checks()) {
                checks.add(checkCase(p));
            }
            suites.add(new ReportSuite("implementation " + i.name(), checks));
        }
        return suites;
    }

    private static ReportCase claimCase(ClaimResult c) {
        String name = c.claim().id() + " (" + c.claim().source() + ")";
        if (c.verdict() == Verdict.ERROR) {
            return new ReportCase(name, ReportCase.Outcome.ERROR, "the claim could not be evaluated", c.evidence());
        }
        if (!c.isErratum()) {
            return ReportCase.passed(name, "holds on " + c.run().tried() + " cases: " + c.claim().statement());
        }
        ClaimResult fix = c.correction();
        String account = verdict(c.verdict()) + ": " + c.claim().statement() + "\nevidence: " + c.evidence();
        if (fix == null) {
            return new ReportCase(name, ReportCase.Outcome.FAILED, "unexplained erratum: no correction holds "
                    + "instead", account);
        }
        if (fix.verdict() == Verdict.ERROR) {
            return new ReportCase(name, ReportCase.Outcome.ERROR, "its correction " + fix.claim().id()
                    + " could not be evaluated", account + "\n" + fix.evidence());
        }
        if (fix.verdict() != Verdict.HOLDS) {
            return new ReportCase(name, ReportCase.Outcome.FAILED, "its correction " + fix.claim().id()
                    + " does not hold", account + "\n" + fix.evidence());
        }
        return ReportCase.passed(name, "erratum of the seed, " + account + "\ncorrected (" + fix.claim().id()
                + ", holds): " + fix.claim().statement());
    }

    private static ReportCase checkCase(PropertyResult p) {
        if (p.passed()) {
            return ReportCase.passed(p.name(), p.report());
        }
        ReportCase.Outcome outcome = p.kind() == Observation.Kind.ERROR ? ReportCase.Outcome.ERROR
                : ReportCase.Outcome.FAILED;
        String first = p.falsified().evidence().lines().findFirst().orElse(p.kind().toString());
        return new ReportCase(p.name(), outcome, first, p.report());
    }

    static ObjectNode json(GateResult r, int exitCode) {
        ObjectNode root = JsonReport.object();
        root.put("format", "backprop-verify/gate-report");
        root.put("version", 1);
        root.put("seed", r.seed());
        root.put("exit_code", exitCode);
        root.put("passed", r.passed());
        root.put("summary", r.summary());
        root.put("soundness", r.soundness());
        ArrayNode claims = root.putArray("claims");
        for (ClaimResult c : r.claims()) {
            ObjectNode o = claimJson(c);
            if (c.correction() != null) {
                o.set("correction", claimJson(c.correction()));
            }
            claims.add(o);
        }
        ArrayNode implementations = root.putArray("implementations");
        for (ImplementationResult i : r.implementations()) {
            implementations.add(implementationJson(i));
        }
        ArrayNode agreements = root.putArray("agreements");
        for (ImplementationResult i : r.agreements()) {
            agreements.add(implementationJson(i));
        }
        return root;
    }

    private static ObjectNode claimJson(ClaimResult c) {
        ObjectNode o = JsonReport.object();
        o.put("id", c.claim().id());
        o.put("source", c.claim().source());
        o.put("statement", c.claim().statement());
        o.put("verdict", verdict(c.verdict()));
        o.put("cases", c.run().tried());
        JsonReport.putNumber(o, "worst_scaled_error", c.run().passed() ? c.run().worst()
                : c.run().falsified().scaledError());
        o.put("evidence", c.evidence());
        return o;
    }

    private static ObjectNode implementationJson(ImplementationResult i) {
        ObjectNode o = JsonReport.object();
        o.put("name", i.name());
        if (i.description() != null) {
            o.put("description", i.description());
        }
        o.put("passed", i.passed());
        ArrayNode checks = o.putArray("checks");
        for (PropertyResult p : i.checks()) {
            ObjectNode c = checks.addObject();
            c.put("check", p.name());
            c.put("result", p.passed() ? "pass" : p.kind() == Observation.Kind.ERROR ? "error" : "fail");
            c.put("cases", p.tried());
            JsonReport.putNumber(c, "worst_scaled_error", p.passed() ? p.worst() : p.falsified().scaledError());
            c.put("kinks", p.kinks());
            c.put("on_kink", p.onKink());
            c.put("seed", p.seed());
            if (!p.passed()) {
                c.put("smallest_case", p.smallest());
                c.put("evidence", p.falsified().evidence());
            }
        }
        return o;
    }

    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
