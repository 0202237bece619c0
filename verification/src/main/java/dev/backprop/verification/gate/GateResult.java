package dev.backprop.verification.gate;

import dev.backprop.verification.claims.ClaimResult;
import dev.backprop.verification.claims.Verdict;
import java.util.List;

/**
 * Everything one gate run found: the seed's claims and the implementations.
 *
 * @param seed           the seed every run was drawn with
 * @param claims         the seed's claims with their verdicts
 * @param implementations the implementations checked, each on its own
 * @param agreements     pairs of implementations checked against each other (DESIGN.md §3 triage)
 */
public record GateResult(long seed, List<ClaimResult> claims, List<ImplementationResult> implementations,
        List<ImplementationResult> agreements) {
    public GateResult {
        claims = List.copyOf(claims);
        implementations = List.copyOf(implementations);
        agreements = List.copyOf(agreements);
    }

    /** How many of the seed's claims got verdict {@code v}. */
    public long count(Verdict v) {
        return claims.stream().filter(c -> c.verdict() == v).count();
    }

    /** Corrections are the suite's own statements: one that evaluates and does not hold is the suite's failure. */
    public List<ClaimResult> failedCorrections() {
        return corrections().stream().filter(ClaimResult::isErratum).toList();
    }

    /**
     * Claims that do not hold and carry no correction. The suite cannot tell whether such a claim is a new
     * erratum of the seed or a fault of the suite's own evaluators, so it refuses to pass until a correction
     * that holds explains it.
     */
    public List<ClaimResult> unexplained() {
        return claims.stream().filter(c -> c.isErratum() && c.correction() == null).toList();
    }

    /** Claims, or corrections, that could not be evaluated at all: faults of the suite. */
    public List<ClaimResult> errors() {
        return java.util.stream.Stream.concat(claims.stream(), corrections().stream())
                .filter(c -> c.verdict() == Verdict.ERROR).toList();
    }

    private List<ClaimResult> corrections() {
        return claims.stream().map(ClaimResult::correction).filter(c -> c != null).toList();
    }

    /** True when no implementation and no agreement was found wrong. */
    public boolean implementationsPassed() {
        return java.util.stream.Stream.concat(implementations.stream(), agreements.stream())
                .noneMatch(ImplementationResult::failed);
    }

    /**
     * True when the suite itself is sound: every claim and every check could be evaluated, every erratum is
     * explained and every correction holds.
     */
    public boolean suiteSound() {
        return errors().isEmpty() && unexplained().isEmpty() && failedCorrections().isEmpty()
                && java.util.stream.Stream.concat(implementations.stream(), agreements.stream())
                        .noneMatch(ImplementationResult::hasErrors);
    }

    /** True when the implementations passed and the suite is sound. The seed's errata do not fail the gate. */
    public boolean passed() {
        return implementationsPassed() && suiteSound();
    }

    /**
     * The report's last line, for CI logs, exactly of the form {@code claims: N checked, H hold, F fail,
     * I ill-formed; implementations: K checked, P pass}.
     */
    public String summary() {
        return "claims: " + claims.size() + " checked, " + count(Verdict.HOLDS) + " hold, " + count(Verdict.FAILS)
                + " fail, " + count(Verdict.ILL_FORMED) + " ill-formed; implementations: " + implementations.size()
                + " checked, " + passing(implementations) + " pass";
    }

    /** The line before the summary: every other reason the gate can fail, counted. */
    public String soundness() {
        List<ClaimResult> errata = claims.stream().filter(ClaimResult::isErratum).toList();
        return "agreements: " + agreements.size() + " checked, " + passing(agreements) + " pass; errata: "
                + errata.size() + " found, " + (errata.size() - unexplained().size()) + " explained by a correction, "
                + failedCorrections().size() + " corrections failing; evaluator errors: " + errors().size();
    }

    private static long passing(List<ImplementationResult> results) {
        return results.stream().filter(ImplementationResult::passed).count();
    }
}
