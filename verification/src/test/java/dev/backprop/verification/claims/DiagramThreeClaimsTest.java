package dev.backprop.verification.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyRun;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Diagram 3's claims: the verdicts mathematics says they must get, the evidence of the printed line, and wrong
 * formulas planted with the same machinery, each of which must be caught.
 */
class DiagramThreeClaimsTest {
    private static final int CASES = 200;

    private static ClaimResult check(String id) {
        Claim claim = ClaimCatalogue.seed().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no claim " + id));
        return claim.check(PropertyRun.DEFAULT_SEED, CASES);
    }

    private static ClaimResult planted(String statement, DeepParameter parameter,
            Function<DiagramThreeClaims.Sample, Matrix> formula) {
        return DiagramThreeClaims.formula("planted", statement, parameter, formula).check(PropertyRun.DEFAULT_SEED,
                CASES);
    }

    @Test
    void everyGradientOfTheTwoHiddenLayerNetworkHolds() {
        // backprop through z1 → s1 → z2 → s2 → ŷ: ∂ℓ/∂ŷ = rᵀ, ∂ŷ/∂s2 = W3, ∂s2/∂z2 = diag(σ'(z2)), ∂z2/∂s1 = W2,
        // ∂s1/∂z1 = diag(σ'(z1)); ∂z_k/∂W_k contributes the layer's input as the left factor (Prop 2's x̃ rᵀ …)
        for (String id : List.of("D3.W1", "D3.b1", "D3.W2", "D3.b2", "D3.W3", "D3.b3")) {
            ClaimResult r = check(id);
            assertEquals(Verdict.HOLDS, r.verdict(), id + ": " + r.evidence());
            assertEquals(CASES, r.run().tried(), id);
            assertTrue(r.run().worst() <= 1.0, id + " worst scaled error " + r.run().worst());
        }
    }

    @Test
    void thePrintedLineIsIllFormedAndItsEvidenceWritesOutEveryShape() {
        // with d, h1, h2, n all different x (d×1) times W3ᵀ (h2×n) needs 1 = h2 ≥ 2: the very first product fails
        ClaimResult r = check("D3.printed");
        assertEquals(Verdict.ILL_FORMED, r.verdict(), r.evidence());
        String e = r.evidence();
        assertTrue(e.contains("dims="), e);
        assertTrue(e.matches("(?s).*x: d×1=(\\d+)×1 · W3ᵀ: h2×n=\\d+×\\d+ · W3: n×h2=\\d+×\\d+ · diag\\(σ'\\(z2\\)\\): "
                + "h2×h2=\\d+×\\d+ · W2ᵀ: h1×h2=\\d+×\\d+ · diag\\(σ'\\(z1\\)\\): h1×h1=\\d+×\\d+.*"), e);
        assertTrue(e.contains("product 1, x · W3ᵀ, is the first that fails: product A·B: A is "), e);
        // the labels: x is d×1 and the label under w3ᵀ says d×1 again; diag and σ'(z1) are both labelled n×w
        assertTrue(e.matches("(?s).*labels \\(w read as h1\\): x is d×1=\\d+×1 · w3ᵀ labelled d×1=\\d+×1 · .*"), e);
        assertTrue(e.contains("they do not chain, breaking at x (d×1) then w3ᵀ (d×1): 1 ≠ d="), e);
        assertTrue(e.contains("and at diag (n×w) then σ'(z1) (n×w): w="), e);
        assertEquals("D3.W1", r.correction().claim().id());
        assertEquals(Verdict.HOLDS, r.correction().verdict(), r.correction().evidence());
    }

    @Test
    void aTransposedGradientIsCaught() {
        // (x rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)))ᵀ is h1×d: ill-formed where d ≠ h1, wrong values where d = h1
        ClaimResult r = planted("∂ℓ/∂W1 = (x rᵀ W3 diag(σ'(z2)) W2 diag(σ'(z1)))ᵀ", DeepParameter.weight(1),
                q -> DiagramThreeClaims.product(q.x.asColumn(), q.r.asRow(), q.w3, diag(q.sigmaPrime2), q.w2,
                        diag(q.sigmaPrime1)).transpose());
        assertTrue(r.isErratum(), r.verdict() + " " + r.evidence());
        ClaimResult w3 = planted("∂ℓ/∂W3 = r s2ᵀ", DeepParameter.weight(3),
                q -> DiagramThreeClaims.product(q.r.asColumn(), q.s2.asRow()));
        assertTrue(w3.isErratum(), w3.verdict() + " " + w3.evidence());
    }

    @Test
    void w2TransposedAsPrintedIsCaught() {
        // x rᵀ W3 diag(σ'(z2)) is d×h2 and W2ᵀ is h1×h2: ill-formed where h1 ≠ h2, and wrong values where
        // h1 = h2 ≥ 2 (W2ᵀ ≠ W2)
        ClaimResult r = planted("∂ℓ/∂W1 = x rᵀ W3 diag(σ'(z2)) W2ᵀ diag(σ'(z1))", DeepParameter.weight(1),
                q -> DiagramThreeClaims.product(q.x.asColumn(), q.r.asRow(), q.w3, diag(q.sigmaPrime2),
                        q.w2.transpose(), diag(q.sigmaPrime1)));
        assertTrue(r.isErratum(), r.verdict() + " " + r.evidence());
    }

    @Test
    void aMissingDiagIsCaught() {
        // the shapes still agree (W3 W2 is n×h1, as W3 diag(σ'(z2)) W2 is); only σ'(z2) ≠ 1 tells them apart (every
        // activation but the identity): it fails
        ClaimResult r = planted("∂ℓ/∂W1 = x rᵀ W3 W2 diag(σ'(z1))", DeepParameter.weight(1),
                q -> DiagramThreeClaims.product(q.x.asColumn(), q.r.asRow(), q.w3, q.w2, diag(q.sigmaPrime1)));
        assertEquals(Verdict.FAILS, r.verdict(), r.evidence());
        assertTrue(r.evidence().contains("scaled error"), r.evidence());
        ClaimResult b2 = planted("∂ℓ/∂b2 = rᵀ W3", DeepParameter.bias(2), q -> DiagramThreeClaims.product(q.r.asRow(),
                q.w3));
        assertEquals(Verdict.FAILS, b2.verdict(), b2.evidence());
    }

    @Test
    void aDoubledGradientFails() {
        // ℓ = ‖r‖² instead of ½‖r‖²: every entry twice the truth
        ClaimResult r = planted("∂ℓ/∂W2 = 2 s1 rᵀ W3 diag(σ'(z2))", DeepParameter.weight(2),
                q -> Evaluate.scaled(2.0, DiagramThreeClaims.product(q.s1.asColumn(), q.r.asRow(), q.w3,
                        diag(q.sigmaPrime2))));
        assertEquals(Verdict.FAILS, r.verdict(), r.evidence());
        ClaimResult b3 = planted("∂ℓ/∂b3 = 2 rᵀ", DeepParameter.bias(3), q -> Evaluate.scaled(2.0, q.r.asRow()));
        assertEquals(Verdict.FAILS, b3.verdict(), b3.evidence());
    }

    @Test
    void atAReluKinkEitherSideIsRightAndNothingElse() {
        // z1_0 = 0.5·1 − 0.25·2 + 0 = 0 exactly (a rounding kink with zG = 1); z2_0 = 0·s1 + 0 = 0 exactly (every
        // term 0): σ' there may be either one-sided slope, and the formula must match the exact gradient for one
        // choice of sides. The formula with the spec's σ'(0) passes; doubled, without diag(σ'(z2)), or with
        // σ'(0) halfway between the slopes (no choice of side gives that) it fails.
        Matrix w1 = Matrix.fromRows(new double[] {0.5, -0.25}, new double[] {1.0, 0.75}, new double[] {-0.5, 0.5});
        Vector b1 = Vector.of(0.0, 0.25, -0.125);
        Matrix w2 = Matrix.fromRows(new double[] {0.0, 0.0, 0.0}, new double[] {0.5, -1.0, 0.25});
        Vector b2 = Vector.of(0.0, 3.0);
        Matrix w3 = Matrix.fromRows(new double[] {1.0, -0.5}, new double[] {0.25, 2.0}, new double[] {-1.0, 0.5},
                new double[] {0.75, 0.125});
        Vector b3 = Vector.of(0.125, -0.25, 0.5, 0.0);
        Vector x = Vector.of(1.0, 2.0);
        Vector y = Vector.of(0.5, -0.5, 0.25, 1.0);
        for (Activation act : List.of(Activation.RELU, Activation.LEAKY_RELU)) {
            DiagramThreeClaims.Sample q = new DiagramThreeClaims.Sample(act, w1, b1, w2, b2, w3, b3, x, y);
            assertEquals(0.0, q.z1.get(0));
            assertEquals(0.0, q.z2.get(0));
            Matrix right = DiagramThreeClaims.product(q.x.asColumn(), q.r.asRow(), q.w3, diag(q.sigmaPrime2), q.w2,
                    diag(q.sigmaPrime1));
            Observation o = q.judge(DeepParameter.weight(1), "the formula", right);
            assertEquals(Observation.Kind.PASS, o.kind(), act + ": " + o.evidence());
            assertEquals(2, o.onKink(), act.name());
            Vector halfway1 = Vector.fromFunction(q.sigmaPrime1.size(), i -> i == 0
                    ? 0.5 * (act.slopeBelowZero() + act.slopeAboveZero()) : q.sigmaPrime1.get(i));
            Observation half = q.judge(DeepParameter.weight(1), "σ'(0) = ½(slope below + slope above)",
                    DiagramThreeClaims.product(q.x.asColumn(), q.r.asRow(), q.w3, diag(q.sigmaPrime2), q.w2,
                            diag(halfway1)));
            assertEquals(Observation.Kind.FAIL, half.kind(), act + ": " + half.evidence());
            Observation doubled = q.judge(DeepParameter.weight(1), "2 × the formula", Evaluate.scaled(2.0, right));
            assertEquals(Observation.Kind.FAIL, doubled.kind(), act.name());
            // without diag(σ'(z2)) ∂ℓ/∂W2 would pass here, and rightly: σ'(z2) = (either slope, 1), so the
            // identity is diag(σ'(z2)) for the choice "above" at the kink. Halving σ'(z2)_0 is no choice of side.
            Vector halfway2 = Vector.fromFunction(q.sigmaPrime2.size(), i -> i == 0
                    ? 0.5 * (act.slopeBelowZero() + act.slopeAboveZero()) : q.sigmaPrime2.get(i));
            Observation half2 = q.judge(DeepParameter.weight(2), "s1 rᵀ W3 diag(σ'(z2) with σ'(0) halfway)",
                    DiagramThreeClaims.product(q.s1.asColumn(), q.r.asRow(), q.w3, diag(halfway2)));
            assertEquals(Observation.Kind.FAIL, half2.kind(), act + ": " + half2.evidence());
        }
    }

    /** diag(v), as the formulas write it. */
    private static Matrix diag(Vector v) {
        return Matrix.fromFunction(v.size(), v.size(), (i, j) -> i == j ? v.get(i) : 0.0);
    }
}
