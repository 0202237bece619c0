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

    public long count(Verdict v) {
        return claims.stream().filter(c -> c.verdict() == v).count();
    }

    /** Corrections are the suite's own statements: one that does not hold is the suite's failure. */
    public List<ClaimResult> failedCorrections() {
        return claims.stream().map(ClaimResult::correction).filter(c -> c != null && c.verdict() != Verdict.HOLDS)
                .toList();
    }

    /** True when every implementation and agreement passed and every correction holds; the seed's errata do not count. */
    public boolean passed() {
        return implementations.stream().allMatch(ImplementationResult::passed)
                && agreements.stream().allMatch(ImplementationResult::passed) && failedCorrections().isEmpty();
    }

    /** The last line of the report, for CI logs. */
    public String summary() {
        long passing = implementations.stream().filter(ImplementationResult::passed).count();
        return "claims: " + claims.size() + " checked, " + count(Verdict.HOLDS) + " hold, " + count(Verdict.FAILS)
                + " fail, " + count(Verdict.ILL_FORMED) + " ill-formed; implementations: " + implementations.size()
                + " checked, " + passing + " pass";
    }
}
