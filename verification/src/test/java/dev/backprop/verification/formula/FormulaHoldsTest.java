package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Family;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import dev.backprop.verification.formula.SeedFormulas.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The right formulas hold: Prop 2's and Diagram 3's, on several seeds, on every family of cases (every dimension
 * different, dimensions of 1, equal widths), in the layout they are written for; and derivations for the other
 * losses, the mean, batch forms and other depths. The formulas are derived by hand (in comments), never taken from
 * the code under test.
 */
class FormulaHoldsTest {
    private static final int CASES = 6;

    static Stream<Arguments> seedFormulasOnSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (Seed s : SeedFormulas.all()) {
            for (long seed : new long[] {1, 2, 3}) {
                out.add(Arguments.of(s, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("seedFormulasOnSeeds")
    void theSeedsFormulasHoldOnEveryFamily(Seed s, long seed) {
        FormulaResult r = FormulaCheck.check(s.question(s.formula()), seed, CASES);
        assertEquals(Verdict.HOLDS, r.verdict(), r::report);
        assertEquals(3 * CASES, r.cases());
        for (Family f : Family.values()) {
            assertEquals(CASES, r.cases(f), f::label);
            assertEquals(CASES, r.evaluated(f), () -> f.label() + ": " + r.report());
        }
        assertTrue(r.worstScaledError() <= 1.0, r::report);
        assertTrue(r.diagnoses().isEmpty() && r.worstEntries().isEmpty(), r::report);
        assertTrue(r.message().startsWith("holds on all " + 3 * CASES + " cases"), r::message);
    }

    /** Written in W's own shape — the transpose of the seed's — and declared so, every formula holds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.backprop.verification.formula.SeedFormulas#all")
    void theirTransposesHoldInDenominatorLayout(Seed s) {
        FormulaResult r = FormulaCheck.check(s.question("(" + s.formula() + ")'", Layout.DENOMINATOR), 4, CASES);
        assertEquals(Verdict.HOLDS, r.verdict(), r::report);
        assertEquals(3 * CASES, r.evaluated());
    }

    @Test
    void denominatorFormulasWrittenTheUsualWayHold() {
        // ∂ℓ/∂W1 in W1's shape: (x rᵀ W2 D1)ᵀ = D1 W2ᵀ r xᵀ; the bias: D1 W2ᵀ r = W2ᵀ r ⊙ σ'(z1)
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W1", "diag(sp1)*W2'*r*x'", Layout.DENOMINATOR);
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "b1", "W2'*r .* sp1", Layout.DENOMINATOR);
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W2", "r*s1'", Layout.DENOMINATOR);
    }

    @Test
    void otherLossesHoldWithTheirOwnDerivative() {
        Objective mse = new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.SUM);
        Objective ce = new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM);
        // (1/n)Σ r_i²: ∂ℓ_b/∂ŷ = (2/n) r
        assertHolds(SeedFormulas.SHALLOW, mse, "W1", "x*dl'*W2*diag(sp1)", Layout.NUMERATOR);
        assertHolds(SeedFormulas.SHALLOW, mse, "W1", "2/n*x*r'*W2*diag(sp1)", Layout.NUMERATOR);
        // −Σ y_i log softmax(ŷ)_i: ∂ℓ_b/∂ŷ = p − y for probability targets
        assertHolds(SeedFormulas.TWO_HIDDEN, ce, "W1", "x*(p-y)'*W3*diag(sp2)*W2*diag(sp1)", Layout.NUMERATOR);
        assertHolds(SeedFormulas.TWO_HIDDEN, ce, "b3", "dl'", Layout.NUMERATOR);
    }

    @Test
    void oneSampleFormulasAreAveragedUnderAMeanAndBatchFormulasCarryTheirOwn() {
        Objective mean = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN);
        // one sample: the check combines the samples as the objective does
        assertHolds(SeedFormulas.SHALLOW, mean, "W2", "s1*r'", Layout.NUMERATOR);
        // the batch: Σ_b s1_b r_bᵀ = S1 Rᵀ, and the mean divides by B
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W2", "S1*R'", Layout.NUMERATOR);
        assertHolds(SeedFormulas.SHALLOW, mean, "W2", "S1*R'/B", Layout.NUMERATOR);
        // Σ_b (W2ᵀ r_b ⊙ σ'(z1_b))ᵀ as a row: a sum over the batch's columns
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "b1", "ones(1,B)*((W2'*R) .* SP1)'", Layout.NUMERATOR);
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W1", "X*((W2'*R) .* SP1)'", Layout.NUMERATOR);
    }

    @Test
    void otherDepthsAndActivationsHold() {
        // L = 1, the affine model: ∂ℓ/∂W1 = x rᵀ, ∂ℓ/∂b1 = rᵀ
        assertHolds(List.of(), Objective.SEED, "W1", "x*r'", Layout.NUMERATOR);
        assertHolds(List.of(), Objective.SEED, "b1", "r'", Layout.NUMERATOR);
        // L = 4 with kinked and smooth activations: the chain rule one layer further
        List<Activation> three = List.of(Activation.RELU, Activation.SOFTPLUS, Activation.LEAKY_RELU);
        assertHolds(three, Objective.SEED, "W1", "x*r'*W4*diag(sp3)*W3*diag(sp2)*W2*diag(sp1)", Layout.NUMERATOR);
        assertHolds(three, Objective.SEED, "W2", "s1*r'*W4*diag(sp3)*W3*diag(sp2)", Layout.NUMERATOR);
    }

    @Test
    void equivalentSpellingsHold() {
        // x (rᵀ W2 ⊙ σ'(z1)ᵀ) and a sum that cancels to the same value: different terms, the same gradient
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W1", "g = x*(W2'*r .* sp1)'", Layout.NUMERATOR);
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W1",
                "x*r'*W2*diag(sp1) - 0.5*x*r'*W2*diag(sp1) + x*r'*W2*diag(sp1)/2", Layout.NUMERATOR);
        assertHolds(SeedFormulas.SHALLOW, Objective.SEED, "W1", "x*r'*W2*diag(sp1)*eye(h1) + zeros(d, h1)",
                Layout.NUMERATOR);
    }

    private static void assertHolds(List<Activation> hidden, Objective objective, String parameter, String formula,
            Layout layout) {
        FormulaResult r = FormulaCheck.check(new FormulaQuestion(hidden, objective, FormulaQuestion.parameter(parameter),
                formula, layout), 11, CASES);
        assertEquals(Verdict.HOLDS, r.verdict(), r::report);
        assertEquals(3 * CASES, r.evaluated(), r::report);
    }
}
