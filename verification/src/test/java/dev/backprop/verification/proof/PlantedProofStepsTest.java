package dev.backprop.verification.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notes' own proofs with one step replaced by a mistake a hurried derivation makes — an index of the wrong
 * range, a dropped transpose, a sign, a missing σ', a sum one term short, swapped index roles. Each must break
 * at exactly the planted step, no earlier (the steps before it are the notes' and hold) and no later (the steps
 * after it disagree with it too, and must not be blamed).
 */
class PlantedProofStepsTest {
    private static Derivation printed(String id) {
        return SeedProofs.all().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow().printed();
    }

    private static StepBreak breaksAt(Derivation planted, int step) {
        ProofResult r = planted.check();
        System.out.println(r.describe());
        StepBreak b = r.firstBreak().orElseThrow(() -> new AssertionError("the planted step was not caught: "
                + r.describe()));
        assertEquals(step, b.step(), r.describe());
        assertTrue(b.kind() == ProofVerdict.FAILS || b.kind() == ProofVerdict.ILL_FORMED, r.describe());
        return b;
    }

    @Test
    void prop1WithXjForXkBreaksAtTheLastStep() {
        Derivation line = printed("P1.proof.W");
        assertEquals(6, line.stepTexts().size());
        assertEquals("δ_ij x_k", line.stepTexts().get(5));
        Derivation planted = line.withStep(6, "δ_ij x_j", p -> p.delta("i", "j").times(p.at("x", "j")));
        breaksAt(planted, 6);
        // on an instance with d > h the index stays in range and the values differ: at (0, 0, 1), x_0 against x_1
        Map<String, Integer> dims = new LinkedHashMap<>();
        dims.put("h", 2);
        dims.put("d", 3);
        ProofResult r = ProofCheck.check(planted, List.of(new ProofCheck.Instance(dims, 5L, null)));
        StepBreak b = r.firstBreak().orElseThrow();
        assertEquals(ProofVerdict.FAILS, b.kind(), r.describe());
        assertEquals(6, b.step());
        assertEquals("i=0, j=0, k=1", b.indices());
    }

    @Test
    void prop1WithAPlantedMiddleStepIsStoppedThereNotAtTheCorrectLastStep() {
        // Σ_l δ_ij δ_lk x_l written with δ_lj: step 5 is wrong, step 6 (the notes') disagrees with it and is not blamed
        Derivation planted = printed("P1.proof.W").withStep(5, "Σ_l δ_ij δ_lj x_l", p -> p.sum("l", "d",
                q -> q.delta("i", "j").times(q.delta("l", "j")).times(q.at("x", "l"))));
        breaksAt(planted, 5);
    }

    @Test
    void prop2WithADroppedTransposeBreaksAtThatStep() {
        Derivation line = printed("P2.proof.W2tilde");
        assertEquals("(s̃ rᵀ)_jk = s̃_j r_k (item 5)", line.stepTexts().get(3));
        breaksAt(line.withStep(4, "(r s̃ᵀ)_jk = r_j s̃_k", p -> p.at("r", "j").times(p.at("s̃", "k"))), 4);
    }

    @Test
    void prop2WithAFlippedSignBreaksAtThatStepNotAtTheNext() {
        Derivation line = printed("P2.proof.dl_dr");
        assertEquals("Σ_j r_j δ_ij", line.stepTexts().get(4));
        StepBreak b = breaksAt(line.withStep(5, "−Σ_j r_j δ_ij",
                p -> p.sum("j", "n", q -> q.at("r", "j").times(q.delta("i", "j"))).negate()), 5);
        assertEquals(ProofVerdict.FAILS, b.kind());
        assertEquals(-b.previousValue(), b.value(), 0.0);
    }

    @Test
    void prop2WithoutTheSigmaPrimeFactorBreaksAtThatStepUnderACurvedActivation() {
        Derivation line = printed("P2.proof.W1tilde");
        StepBreak b = breaksAt(line.withStep(4, "(x̃ rᵀ W⁽²⁾)_jk",
                p -> p.at("x̃", "j").times(p.sum("a", "n", q -> q.at("r", "a").times(q.at("W2", "a", "k"))))), 4);
        // with σ the identity σ' = 1 and the planted step is right: the break cannot be there
        assertNotEquals(Activation.IDENTITY, b.instance().activation(), b.describe());
    }

    @Test
    void prop2WithTheBiasColumnLeftOutOfTheSumBreaksAtThatStep() {
        // Σ_l over d instead of d+1: the column j = d of W̃⁽¹⁾ (b₁) loses its x̃_d = 1
        Derivation line = printed("P2.proof.dz_dW1tilde");
        assertEquals("Σ_l δ_ik δ_lj x̃_l", line.stepTexts().get(4));
        StepBreak b = breaksAt(line.withStep(5, "Σ_{l<d} δ_ik δ_lj x̃_l", p -> p.sum("l", "d",
                q -> q.delta("i", "k").times(q.delta("l", "j")).times(q.at("x̃", "l")))), 5);
        assertEquals(ProofVerdict.FAILS, b.kind());
        assertTrue(b.indices().contains("j=" + b.instance().dims().get("d")), b.describe());
        assertEquals(0.0, b.value(), 0.0);
        assertEquals(1.0, b.previousValue(), 0.0);
    }

    @Test
    void prop2WithTheIndexRolesOfTheTensorSwappedBreaks() {
        // item 4 read as (∂r/∂W)_ijk = ∂r_i/∂W_jk instead of ∂r_i/∂W_kj: the layout confusion, at step 1
        Derivation line = printed("P2.proof.dr_dW2.tensor");
        breaksAt(line.withStep(1, "(∂r/∂W⁽²⁾)_ijk = ∂r_i/∂W⁽²⁾_jk", p -> p.partial("r", "i").wrt("W2", "j", "k")), 1);
    }

    @Test
    void theSeedProofsThemselvesAreNotWhatBreaks() {
        // the control for every test above: the lines they plant into hold as printed
        for (String id : List.of("P1.proof.W", "P2.proof.W2tilde", "P2.proof.dl_dr", "P2.proof.W1tilde",
                "P2.proof.dz_dW1tilde", "P2.proof.dr_dW2.tensor")) {
            ProofResult r = printed(id).check();
            assertEquals(ProofVerdict.HOLDS, r.verdict(), r.describe());
            assertFalse(r.firstBreak().isPresent());
        }
    }
}
