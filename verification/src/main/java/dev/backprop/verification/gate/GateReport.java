package dev.backprop.verification.gate;

import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The gate's report as text: the claim table, the errata with their evidence and corrections, the
 * implementation table, and the summary line last. Nothing in it depends on time or order of threads, so
 * the same seed prints the same report.
 */
public final class GateReport {
    private GateReport() {
    }

    public static void print(GateResult r, PrintStream out) {
        out.println("backprop-verify gate — seed " + r.seed());
        // how each implementation computes, when it says: which backend ran the optimized products, and if
        // OpenBLAS could not load, why (the fallback to EJML is never silent)
        for (ImplementationResult i : r.implementations()) {
            if (i.description() != null) {
                out.println("implementation " + i.name() + ": " + i.description());
            }
        }
        out.println();
        out.println("CLAIMS OF THE SEED (each checked on random instances; scaled error = |lhs − rhs| / (ε·K·gauge), "
                + "threshold 1)");
        String claimRow = "%-22s %-15s %-10s %6s %10s  %s%n";
        out.printf(Locale.ROOT, claimRow, "claim", "where", "verdict", "cases", "worst err", "statement");
        for (ClaimResult c : r.claims()) {
            out.printf(Locale.ROOT, claimRow, c.claim().id(), c.claim().source(), verdict(c.verdict()), c.run().tried(),
                    c.run().passed() ? error(c.run().worst()) : "-", c.claim().statement());
        }
        out.println();
        List<ClaimResult> errata = r.claims().stream().filter(ClaimResult::isErratum).toList();
        // errata are listed with their evidence; evaluator errors are listed at the end, as faults of the suite
        out.println("ERRATA FOUND (" + errata.size() + ")");
        for (ClaimResult c : errata) {
            out.println("- " + c.claim().id() + " (" + c.claim().source() + ") " + verdict(c.verdict()) + ": "
                    + c.claim().statement());
            out.println("    evidence: " + c.evidence().replace("\n", "\n              "));
            if (c.correction() != null) {
                ClaimResult fix = c.correction();
                out.println("    corrected (" + fix.claim().id() + ", " + verdict(fix.verdict()) + " on "
                        + fix.run().tried() + " cases): " + fix.claim().statement());
                if (fix.verdict() == Verdict.ERROR) {
                    out.println("    THE CORRECTION COULD NOT BE EVALUATED: " + fix.evidence());
                } else if (fix.verdict() != Verdict.HOLDS) {
                    out.println("    THE CORRECTION DOES NOT HOLD: " + fix.evidence());
                }
            } else {
                out.println("    UNEXPLAINED: no correction records what holds instead. Either the seed is wrong in a "
                        + "new way or the suite's evaluators are; the gate fails until a correction that holds explains it.");
            }
        }
        out.println();
        out.println("IMPLEMENTATIONS (random shallow networks, every activation, d, h, n, B from 1; deep networks, "
                + "depth 1-6, every width and B from 1, every activation, loss and reduction; large models, depth 2-4, "
                + "widths 32-64, B 8-32, by random projections)");
        String implRow = "%-22s %-36s %-6s %6s %10s %6s %6s%n";
        out.printf(Locale.ROOT, implRow, "implementation", "check", "result", "cases", "worst err", "kinks",
                "on");
        for (ImplementationResult i : concat(r.implementations(), r.agreements())) {
            for (PropertyResult p : i.checks()) {
                out.printf(Locale.ROOT, implRow, i.name(), p.name(), result(p), p.tried(),
                        error(p.passed() ? p.worst() : p.falsified().scaledError()), p.kinks(), p.onKink());
            }
        }
        out.println("kinks: finite-difference stencils that reached a ReLU or leaky-ReLU kink, and what was done. "
                + "Shallow: the coordinate's samples near a kink differenced one-sidedly, away from it. Deep: each "
                + "sample differenced with every unit held on the linear piece it is on, so the stencil keeps its "
                + "step and gives the derivative on the point's side. on: points whose pre-activation is 0 within "
                + "rounding, where either slope is right: both oracles enumerate the sides, one choice per point "
                + "for every parameter, and keep the one that fits.");
        for (ImplementationResult i : concat(r.implementations(), r.agreements())) {
            for (PropertyResult p : i.checks()) {
                if (!p.passed()) {
                    out.println();
                    out.println((p.kind() == Observation.Kind.ERROR ? "NOT JUDGED (a fault or limit of the suite): "
                            : "FAILED: ") + i.name() + ": " + p.report());
                    out.println("  replay: --seed " + p.seed() + " (the smallest case above rebuilds the network)");
                }
            }
        }
        for (ClaimResult c : r.errors()) {
            out.println();
            out.println("EVALUATOR ERROR (a fault of the suite, not of the seed): " + c.claim().id() + ": " + c.evidence());
        }
        out.println();
        out.println(r.soundness());
        out.println(r.summary());
    }

    private static List<ImplementationResult> concat(List<ImplementationResult> a, List<ImplementationResult> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String result(PropertyResult p) {
        return p.passed() ? "pass" : p.kind() == Observation.Kind.ERROR ? "ERROR" : "FAIL";
    }

    private static String verdict(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String error(double e) {
        return String.format(Locale.ROOT, "%.2e", e);
    }
}
