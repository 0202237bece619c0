package dev.backprop.verification.gate;

import dev.backprop.verification.check.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * What one campaign property saw over all its cases: unlike {@code PropertyRun}, which stops at the first failure to
 * shrink it, a campaign counts every failure and every case it could not judge, and keeps the worst scaled error of
 * the cases it judged (passed or failed) with the recipe of the case where it occurred. Mutable; one per run.
 */
final class CampaignTally {
    /** Recipes of failing or unjudged cases kept for the report; the counts go on past them. */
    static final int KEPT = 10;

    int cases;
    int failed;
    int notJudged;
    double worst;
    String worstCase = "";
    final List<String> failures = new ArrayList<>();
    final List<String> unjudged = new ArrayList<>();

    /**
     * Checks {@code count} cases drawn from {@code gen} by QuickTheories with {@code seed} (fixed, so a run is
     * reproducible; nothing is shrunk, since nothing is thrown). QuickTheories 0.26 checks n − 1 or n values for
     * withExamples(n) (it skips a draw it has seen), so one more is asked and no more than {@code count} checked.
     */
    static <T> CampaignTally run(Gen<T> gen, int count, long seed, Function<T, Observation> check) {
        CampaignTally tally = new CampaignTally();
        QuickTheory.qt().withFixedSeed(seed).withExamples(count + 1).forAll(gen).checkAssert(value -> {
            if (tally.cases < count) {
                tally.record(String.valueOf(value), safely(check, value));
            }
        });
        return tally;
    }

    private static <T> Observation safely(Function<T, Observation> check, T value) {
        try {
            return check.apply(value);
        } catch (RuntimeException e) {
            return Observation.error("the check itself threw " + e);
        }
    }

    void record(String recipe, Observation o) {
        cases++;
        if (o.kind() == Observation.Kind.ERROR) {
            notJudged++;
            keep(unjudged, recipe, o);
            return;
        }
        if (!o.passed()) {
            failed++;
            keep(failures, recipe, o);
        }
        if (o.scaledError() > worst || worstCase.isEmpty()) {
            worst = Math.max(worst, o.scaledError());
            worstCase = recipe;
        }
    }

    private static void keep(List<String> into, String recipe, Observation o) {
        if (into.size() < KEPT) {
            String first = o.evidence().lines().findFirst().orElse("");
            into.add(recipe + "\n      " + first);
        }
    }
}
