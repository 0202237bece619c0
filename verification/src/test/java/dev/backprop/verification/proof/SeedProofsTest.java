package dev.backprop.verification.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notes' proofs of Props 1 and 2, every line as printed, hold step by step on the standard instances; the
 * diagrams' convention does not, and its correction does.
 */
class SeedProofsTest {
    private static List<ProofLineResult> results;

    @BeforeAll
    static void checkEveryLine() {
        results = SeedProofs.checkAll(ProofCheck.standard());
        results.forEach(r -> System.out.println(r.describe()));
    }

    private static ProofLineResult line(String id) {
        return results.stream().filter(r -> r.line().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + id));
    }

    @Test
    void everyLineOfPropositionsOneAndTwoHoldsAsPrinted() {
        List<ProofLineResult> props = results.stream().filter(r -> r.line().id().startsWith("P"))
                .collect(Collectors.toList());
        for (ProofLineResult r : props) {
            assertEquals(ProofVerdict.HOLDS, r.printed().verdict(), r.describe());
            assertTrue(r.printed().comparisons() > 0, r.describe());
            assertTrue(r.printed().worstScaledError() <= 1.0, r.describe());
            assertTrue(r.accountedFor());
        }
        // the proofs' chains, line for line as the notes print them (Prop 1: z_i, ∂z_i/∂w_jk, ∂z_i/∂b_j; Prop 2:
        // ∂ℓ/∂r, ∂r/∂W⁽²⁾ twice, ∂r/∂b⁽²⁾, ∂ℓ/∂W⁽²⁾, ∂ℓ/∂b⁽²⁾, ∂ℓ/∂W̃⁽²⁾, ∂s/∂z, ∂z/∂W̃⁽¹⁾, ∂r/∂s, ∂ℓ/∂W̃⁽¹⁾)
        for (String id : List.of("P1.proof.z", "P1.proof.W", "P1.proof.b", "P2.proof.dl_dr", "P2.proof.dl_dr.row",
                "P2.proof.dr_dW2", "P2.proof.dr_dW2.tensor", "P2.proof.dr_db2", "P2.proof.dl_dW2", "P2.proof.dl_db2",
                "P2.proof.W2tilde", "P2.proof.ds_dz", "P2.proof.dz_dW1tilde", "P2.proof.dr_ds", "P2.proof.W1tilde",
                "P1.W", "P1.b", "P2.W1tilde", "P2.W2tilde", "P2.W1", "P2.b1", "P2.W2", "P2.b2")) {
            assertEquals(ProofVerdict.HOLDS, line(id).printed().verdict(), line(id).describe());
        }
        // the longest chains keep every printed step: 6 for Prop 1's ∂z_i/∂w_jk and Prop 2's ∂z/∂W̃⁽¹⁾
        assertEquals(6, line("P1.proof.W").line().printed().stepTexts().size());
        assertEquals(6, line("P2.proof.dz_dW1tilde").line().printed().stepTexts().size());
        assertEquals(6, line("P2.proof.dl_dr").line().printed().stepTexts().size());
    }

    @Test
    void propositionTwoIsCheckedUnderEveryActivationAndWithDimensionsOfOne() {
        Derivation d = line("P2.proof.W1tilde").line().printed();
        assertEquals(Set.of(Activation.values()), new HashSet<>(d.activations()));
        List<ProofCheck.Instance> instances = ProofCheck.standard().instances(d);
        assertEquals(instances.size(), line("P2.proof.W1tilde").printed().instances());
        assertTrue(instances.stream().anyMatch(i -> i.dims().equals(Map.of("d", 1, "h", 1, "n", 1))));
        assertTrue(instances.stream().anyMatch(i -> new HashSet<>(i.dims().values()).size() == 3));
    }

    @Test
    void theDiagramsConventionIsIllFormedAsPrintedAndItsCorrectionHolds() {
        ProofLineResult r = line("D.convention");
        assertEquals(ProofVerdict.ILL_FORMED, r.printed().verdict(), r.describe());
        StepBreak b = r.printed().firstBreak().orElseThrow();
        assertEquals(2, b.step());
        assertTrue(b.message().contains("xᵀr is 1×1"), b.message());
        assertEquals(ProofVerdict.HOLDS, r.corrected().orElseThrow().verdict(), r.describe());
        assertTrue(r.accountedFor());
    }

    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (ProofLine l : SeedProofs.all()) {
            assertTrue(ids.add(l.id()), "duplicate id " + l.id());
        }
    }
}
