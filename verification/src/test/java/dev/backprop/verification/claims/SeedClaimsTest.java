package dev.backprop.verification.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.verification.check.PropertyRun;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verdicts the catalogue computes for the seed, against verdicts derived by hand from the seed's own
 * index rules (each derivation is written beside its assertion). The catalogue computes; this test only
 * states what mathematics says it must find.
 */
class SeedClaimsTest {
    /** Cases per claim: hundreds, as every property of the suite. */
    private static final int CASES = 200;
    private static List<ClaimResult> results;

    @BeforeAll
    static void checkAll() {
        results = ClaimCatalogue.check(PropertyRun.DEFAULT_SEED, CASES);
    }

    private static ClaimResult result(String id) {
        return results.stream().filter(r -> r.claim().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no claim " + id));
    }

    @Test
    void everyNumberedStatementOfTheSeedHasClaims() {
        Set<String> sources = results.stream().map(r -> r.claim().source()).collect(Collectors.toSet());
        for (String s : List.of("§1 item 1", "§1 item 1(a)", "§1 item 1(b)", "§1 item 1(c)", "§1 item 2", "§1 item 3",
                "§1 item 4", "§1 item 5", "§1 item 6", "§1 item 7", "§1 item 8", "Prop 1", "Prop 1, proof", "Prop 2",
                "Prop 2, proof", "Diagrams", "Diagram 3")) {
            assertTrue(sources.contains(s), "no claim for " + s + "; sources: " + sources);
        }
        Set<String> ids = new HashSet<>();
        results.forEach(r -> assertTrue(ids.add(r.claim().id()), "duplicate claim id " + r.claim().id()));
        assertEquals(51, results.size(), "claims in the catalogue");
    }

    @Test
    void theErrataAreExactlyTheStatementsTheIndexRulesContradict() {
        Map<String, Verdict> expected = new LinkedHashMap<>();
        // Item 6 displays x⊗Y ∈ R^{p×m×n} with last row x_1 y_1m ⋯ x_1 y_nm; by item 4's convention a p×m×n
        // tensor is the (pm)×n matrix of its p slices, whose last row is x_p y_1m ⋯ x_p y_nm: wrong for p ≥ 2.
        expected.put("N6.display", Verdict.FAILS);
        // Item 7's display lists the blocks of Y⊗x from y_{·m} down to y_{·1}; the index rule
        // (Y⊗x)_ijk = x_j y_ki puts column 1 of Y in block 1. They differ as soon as m ≥ 2.
        expected.put("N7.display", Verdict.FAILS);
        // The display of I_m⊗x has x in the last column of block 1; the rule x_j δ_ki puts it in column 1.
        expected.put("N7.identity.display", Verdict.FAILS);
        // Item 6 read at (j, i, k): (x⊗Y)_jik = x_j y_ki, which is item 7's (Y⊗x)_ijk. So the transpose of the
        // first two indices maps one onto the other exactly: "≠" is false for that transpose.
        expected.put("N7.transpose", Verdict.FAILS);
        // Prop 1's boxed ∂z/∂W ends with the block [x 0 ⋯ 0]; by item 4, (∂z/∂W)_ijk = δ_ik x_j puts x in
        // column h of block h.
        expected.put("P1.display", Verdict.FAILS);
        // rᵀ(I_m⊗x) is p×m (item 7: = x rᵀ); xᵀr needs p = m and is then 1×1: the dimensions cannot agree.
        expected.put("D.convention", Verdict.ILL_FORMED);
        // Diagram 3's printed ∂ℓ/∂W1 = x w3ᵀ w3 diag σ'(z2) w2ᵀ diag σ'(z1), read as a product: x is d×1 and W3ᵀ is
        // h2×n, so its first product needs h2 = 1; with d, h1, h2, n all different (from 2) nothing can agree.
        expected.put("D3.printed", Verdict.ILL_FORMED);
        Map<String, Verdict> found = new LinkedHashMap<>();
        results.stream().filter(ClaimResult::isErratum).forEach(r -> found.put(r.claim().id(), r.verdict()));
        assertEquals(expected, found);
    }

    @Test
    void everyErratumCarriesEvidenceAndACorrectionThatHolds() {
        for (ClaimResult r : results) {
            if (r.isErratum()) {
                assertFalse(r.evidence().isBlank(), r.claim().id() + " has no evidence");
                assertTrue(r.evidence().contains("dims="), r.claim().id() + " evidence names no case: " + r.evidence());
                assertTrue(r.correction() != null, r.claim().id() + " has no correction");
                assertEquals(Verdict.HOLDS, r.correction().verdict(),
                        r.correction().claim().id() + ": " + r.correction().evidence());
            } else {
                assertEquals(CASES, r.run().tried(), r.claim().id() + " did not run every case");
            }
        }
    }

    @Test
    void illFormedEvidenceNamesBothShapes() {
        // the smallest ill-formed case has p ≠ m: xᵀ is 1×p and r is m×1
        String evidence = result("D.convention").evidence();
        assertTrue(evidence.matches("(?s).*A is 1×\\d+ but B is \\d+×1.*"), evidence);
    }

    @Test
    void theSameSeedGivesTheSameVerdictsAndEvidence() {
        List<ClaimResult> again = ClaimCatalogue.check(PropertyRun.DEFAULT_SEED, CASES);
        for (int i = 0; i < results.size(); i++) {
            assertEquals(results.get(i).verdict(), again.get(i).verdict());
            assertEquals(results.get(i).evidence(), again.get(i).evidence());
        }
    }
}
