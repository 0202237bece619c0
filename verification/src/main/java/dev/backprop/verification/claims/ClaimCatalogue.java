package dev.backprop.verification.claims;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every claim of the seed in the order the seed makes them: §1 notation, Proposition 1, Proposition 2, the
 * diagrams (Diagram 3's two-hidden-layer network last). Claims that fail stay here: they are the errata, and
 * their verdicts are computed, never written.
 */
public final class ClaimCatalogue {
    private ClaimCatalogue() {
    }

    public static List<Claim> seed() {
        List<Claim> all = new ArrayList<>();
        all.addAll(NotationClaims.all());
        all.addAll(PropositionOneClaims.all());
        all.addAll(PropositionTwoClaims.all());
        all.addAll(DiagramClaims.all());
        all.addAll(DiagramThreeClaims.all());
        return Collections.unmodifiableList(all);
    }

    /** Checks every claim with {@code examples} cases each, drawn with {@code seed}. */
    public static List<ClaimResult> check(long seed, int examples) {
        List<ClaimResult> results = new ArrayList<>();
        for (Claim c : seed()) {
            results.add(c.check(seed, examples));
        }
        return results;
    }
}
