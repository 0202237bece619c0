package dev.backprop.verification.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * The explanation hook of {@link PropertyRun} only adds evidence: it cannot turn a failure into a pass or change
 * its scaled error, and when it throws, the failure stands with a note.
 */
class PropertyRunExplainTest {
    private static Observation failsAboveFive(int i) {
        return i > 5 ? Observation.fail(1e15, "too big: " + i) : Observation.pass(0.0);
    }

    @Test
    void anExplanationThatClaimsAPassCannotMakeOne() {
        PropertyResult r = PropertyRun.run("ints", SourceDSL.integers().between(0, 100), 50, 1L,
                PropertyRunExplainTest::failsAboveFive, (i, o) -> Observation.pass(0.0));
        assertFalse(r.passed());
        assertEquals(Observation.Kind.FAIL, r.falsified().kind());
        assertEquals(1e15, r.falsified().scaledError());
    }

    @Test
    void anExplanationAddsEvidenceAndOneThatThrowsLeavesTheFailureStanding() {
        PropertyResult explained = PropertyRun.run("ints", SourceDSL.integers().between(0, 100), 50, 1L,
                PropertyRunExplainTest::failsAboveFive, (i, o) -> Observation.fail(0, o.evidence() + "\nwhy: " + i));
        assertTrue(explained.falsified().evidence().contains("why: 6"), explained.report());
        PropertyResult thrown = PropertyRun.run("ints", SourceDSL.integers().between(0, 100), 50, 1L,
                PropertyRunExplainTest::failsAboveFive, (i, o) -> {
                    throw new IllegalStateException("broken explainer");
                });
        assertEquals(Observation.Kind.FAIL, thrown.falsified().kind());
        assertTrue(thrown.falsified().evidence().contains("broken explainer"), thrown.report());
        assertTrue(thrown.falsified().evidence().startsWith("too big: 6"), thrown.report());
    }
}
