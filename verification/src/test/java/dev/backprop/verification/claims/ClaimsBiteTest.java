package dev.backprop.verification.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Draw;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.numeric.Magnitudes;
import org.junit.jupiter.api.Test;

/** The claim machinery rejects statements that are wrong, and names the step of a proof that breaks. */
class ClaimsBiteTest {
    private static final SeedAlgebra ALG = new ReferenceAlgebra();

    @Test
    void aTransposedOuterProductIsIllFormedOnDistinctDimensions() {
        // x yᵀ is n×m and y xᵀ is m×n: with n ≠ m the shapes cannot agree
        Claim planted = Claim.of("planted", "test", "x yᵀ = y xᵀ", Generators.instances(2), instance ->
                Evaluate.sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector y = c.vector(c.dim(1));
                    return Evaluate.equal("x yᵀ", ALG.outer(x, y), "y xᵀ", ALG.outer(y, x),
                            ALG.outer(Magnitudes.abs(x), Magnitudes.abs(y)), 1);
                }));
        ClaimResult r = planted.check(PropertyRun.DEFAULT_SEED, 40);
        assertEquals(Verdict.ILL_FORMED, r.verdict(), r.evidence());
    }

    @Test
    void aWrongValueWithAgreeingShapesFails() {
        // 2 x⊙y ≠ x⊙y unless x⊙y = 0
        Claim planted = Claim.of("planted", "test", "x ⊙ y = 2 diag(x) y", Generators.instances(1), instance ->
                Evaluate.sides(() -> {
                    Draw c = instance.draw();
                    Vector x = c.vector(c.dim(0));
                    Vector y = c.vector(c.dim(0));
                    return Evaluate.equal("x ⊙ y", ALG.hadamard(x, y).asColumn(), "2 diag(x) y",
                            Evaluate.scaled(2.0, ALG.product(ALG.diag(x), y.asColumn())),
                            ALG.hadamard(Magnitudes.abs(x), Magnitudes.abs(y)).asColumn(), 1);
                }));
        ClaimResult r = planted.check(PropertyRun.DEFAULT_SEED, 40);
        assertEquals(Verdict.FAILS, r.verdict());
        assertTrue(r.evidence().contains("scaled error"), r.evidence());
    }

    /** Prop 1's last two steps, Σ_l δ_ij δ_lk x_l = δ_ij x_k, for i, j < 2 and k < 3. */
    private static StepChain kroneckerSteps(double[] x) {
        return new StepChain("i,j,k", 2, 2, 3)
                .step("Σ_l δ_ij δ_lk x_l", ix -> {
                    double sum = 0;
                    for (int l = 0; l < 3; l++) {
                        sum += Evaluate.delta(ix[0], ix[1]) * Evaluate.delta(l, ix[2]) * x[l];
                    }
                    return sum;
                })
                .step("δ_ij x_k", ix -> Evaluate.delta(ix[0], ix[1]) * x[ix[2]])
                .gauge(ix -> Math.abs(x[ix[2]]), 3);
    }

    @Test
    void aProofWithOneWrongStepIsStoppedAtThatStep() {
        double[] x = {0.5, -2.0, 3.0};
        Observation o = kroneckerSteps(x)
                // planted: the δ dropped, as a hurried proof might write it
                .step("x_k", ix -> x[ix[2]])
                .step("x_k again", ix -> x[ix[2]])
                .check();
        assertEquals(Observation.Kind.FAIL, o.kind());
        // the first index tuple where δ_ij = 0 but x_k ≠ 0 is (i,j,k) = (0,1,0)
        assertTrue(o.evidence().startsWith("step 2 → 3 breaks at (i,j,k) = [0, 1, 0]"), o.evidence());
    }

    @Test
    void aCorrectProofPassesEveryStep() {
        Observation o = kroneckerSteps(new double[] {0.5, -2.0, 3.0}).check();
        assertEquals(Observation.Kind.PASS, o.kind(), o.evidence());
    }
}
