package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Diagnosis;
import dev.backprop.verification.formula.FormulaResult.Family;
import dev.backprop.verification.formula.FormulaResult.Kind;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import dev.backprop.verification.formula.SeedFormulas.Seed;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong formulas get the right diagnosis: each of Prop 2's and Diagram 3's formulas transposed, doubled,
 * sign-flipped, without a σ' factor, with a factor from the wrong layer, or another parameter's gradient; the
 * mean/sum and MSE slips; a constant no list names; a perturbation of 10⁻¹⁰ (the rounding rule's resolution);
 * and a formula that is none of these. Every variant is made from the seed's formula by editing its text.
 */
class FormulaDiagnosisTest {
    private static final int CASES = 5;

    private static FormulaResult check(Seed s, String formula) {
        return FormulaCheck.check(s.question(formula), 5, CASES);
    }

    /** FAILS on every family's cases, with exactly {@code kinds} in its diagnoses. */
    private static FormulaResult assertFails(FormulaResult r, Set<Kind> kinds) {
        assertEquals(Verdict.FAILS, r.verdict(), r::report);
        assertEquals(3 * CASES, r.evaluated(), r::report);
        assertEquals(kinds, r.kinds(), r::report);
        assertTrue(r.worstScaledError() > 1.0, r::report);
        assertTrue(r.explanation().stream().anyMatch(l -> l.startsWith("diagnosis: it is")), r::report);
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.backprop.verification.formula.SeedFormulas#all")
    void transposedAsNumeratorIsTheOtherLayout(Seed s) {
        FormulaResult r = assertFails(check(s, "(" + s.formula() + ")'"), EnumSet.of(Kind.TRANSPOSED));
        assertTrue(r.diagnoses().get(0).description().contains("the denominator layout"), r::report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.backprop.verification.formula.SeedFormulas#all")
    void doubledIsScaledByTwo(Seed s) {
        FormulaResult r = assertFails(check(s, "2*(" + s.formula() + ")"), EnumSet.of(Kind.SCALED));
        assertTrue(r.diagnoses().stream().anyMatch(d -> d.constantName().equals("2") && d.constant() == 2.0),
                r::report);
        // up to three entries: fewer where the worst case's gradient has fewer (a bias on a case with n = 2)
        assertFalse(r.worstEntries().isEmpty() || r.worstEntries().size() > FormulaCheck.WORST_ENTRIES, r::report);
        for (FormulaResult.Entry e : r.worstEntries()) {
            assertEquals(2 * e.want(), e.got(), 1e-12 * Math.abs(e.want()), r::report);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.backprop.verification.formula.SeedFormulas#all")
    void signFlippedIsTheSign(Seed s) {
        FormulaResult r = assertFails(check(s, "-(" + s.formula() + ")"), EnumSet.of(Kind.SIGN));
        assertEquals(-1.0, r.diagnoses().get(0).constant(), r::report);
    }

    /** Every diag(sp_j) the formula has, dropped one at a time. */
    static Stream<Arguments> sigmaPrimeLess() {
        List<Arguments> out = new ArrayList<>();
        for (Seed s : SeedFormulas.all()) {
            for (int j = 1; j <= 2; j++) {
                String factor = "*diag(sp" + j + ")";
                if (s.formula().contains(factor)) {
                    out.add(Arguments.of(s, j, s.formula().replace(factor, "")));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} without diag(sp{1})")
    @MethodSource("sigmaPrimeLess")
    void withoutASigmaPrimeFactorNamesThatFactor(Seed s, int layer, String formula) {
        FormulaResult r = assertFails(check(s, formula), EnumSet.of(Kind.SIGMA_PRIME_MISSING));
        assertEquals(1, r.diagnoses().size(), r::report);
        assertTrue(r.diagnoses().get(0).description().contains("σ'(z" + layer + ") taken as 1"), r::report);
        assertTrue(r.diagnoses().get(0).description().contains("diag(sp" + layer + ") left out"), r::report);
    }

    /** A factor of another layer where the shapes of every dimension family let it evaluate: FAILS. */
    @Test
    void aWrongLayerFactorThatTypeChecksFails() {
        Seed w2 = SeedFormulas.DIAGRAM_3.get(2);
        // x where s1 belongs: d×h2 where h1×h2 is wanted, and exactly the correct chain with s0 for s1
        FormulaResult r = assertFails(check(w2, "x*r'*W3*diag(sp2)"), EnumSet.of(Kind.WRONG_LAYER));
        assertTrue(r.diagnoses().get(0).description().contains("x in place of s1"), r::report);
        assertTrue(r.message().contains("∂ℓ/∂W2 in numerator layout is h1×h2"), r::report);
        Seed w3 = SeedFormulas.DIAGRAM_3.get(4);
        r = assertFails(check(w3, "s1*r'"), EnumSet.of(Kind.WRONG_LAYER));
        assertTrue(r.diagnoses().get(0).description().contains("s1 in place of s2"), r::report);
        Seed shallowW2 = SeedFormulas.PROP_2.get(2);
        assertFails(check(shallowW2, "x*r'"), EnumSet.of(Kind.WRONG_LAYER));
    }

    static Stream<Arguments> illFormedWrongLayer() {
        return Stream.of(
                Arguments.of(SeedFormulas.DIAGRAM_3.get(0), "x*r'*W3*diag(sp1)*W2*diag(sp1)", "sp1 in place of sp2",
                        "diag(sp2)"),
                Arguments.of(SeedFormulas.DIAGRAM_3.get(0), "x*r'*W3*diag(sp1)*W2*diag(sp2)", "exchanged",
                        "diag(sp2)"),
                Arguments.of(SeedFormulas.DIAGRAM_3.get(0), "x*r'*W2*diag(sp2)*W3*diag(sp1)", "W3 and W2 exchanged",
                        "W3"),
                Arguments.of(SeedFormulas.DIAGRAM_3.get(3), "r'*W3*diag(sp1)", "sp1 in place of sp2", "diag(sp2)"),
                Arguments.of(SeedFormulas.PROP_2.get(0), "x*r'*W1*diag(sp1)", "W1 in place of W2", "W2"));
    }

    /**
     * A factor of another layer that only type-checks where the two layers' shapes agree: ill-formed on every case
     * with distinct dimensions, the explanation pointing at the right layer's factor; and on equal widths (and
     * dimensions of 1), where it evaluates, diagnosed as the correct chain with that factor changed.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("illFormedWrongLayer")
    void aWrongLayerFactorThatDoesNotTypeCheckIsIllFormedAndDiagnosedWhereItEvaluates(Seed s, String formula,
            String change, String fix) {
        FormulaResult r = check(s, formula);
        assertEquals(Verdict.ILL_FORMED, r.verdict(), r::report);
        assertEquals(0, r.evaluated(Family.DISTINCT), r::report);
        assertEquals(CASES, r.evaluated(Family.EQUAL), r::report);
        assertEquals(EnumSet.of(Kind.WRONG_LAYER), r.kinds(), r::report);
        assertTrue(r.diagnoses().get(0).description().contains(change), r::report);
        // the mend of the first break names the right layer's factor first
        assertTrue(r.explanation().get(2).contains("is needed, which the next factor fits; " + fix)
                || r.explanation().get(2).contains("is needed; " + fix), r::report);
        assertTrue(r.explanation().stream().anyMatch(l -> l.contains("from another layer: a factor from the wrong "
                + "layer?")), r::report);
    }

    @Test
    void anotherParametersGradientIsNamed() {
        // ∂ℓ/∂W2 offered as ∂ℓ/∂W1, ∂ℓ/∂b2 offered as ∂ℓ/∂W2, and ∂ℓ/∂b1 (a row) offered as ∂ℓ/∂b2 in W2's place
        FormulaResult r = assertFails(check(SeedFormulas.DIAGRAM_3.get(0), SeedFormulas.DIAGRAM_3.get(2).formula()),
                EnumSet.of(Kind.WRONG_PARAMETER));
        assertTrue(r.diagnoses().get(0).description().startsWith("it is ∂ℓ/∂W2, the gradient of another parameter "
                + "than W1"), r::report);
        r = assertFails(check(SeedFormulas.DIAGRAM_3.get(2), SeedFormulas.DIAGRAM_3.get(3).formula()),
                EnumSet.of(Kind.WRONG_PARAMETER));
        assertTrue(r.diagnoses().get(0).description().startsWith("it is ∂ℓ/∂b2"), r::report);
    }

    @Test
    void combinationsAreNamedTogether() {
        Seed w1 = SeedFormulas.DIAGRAM_3.get(0);
        FormulaResult r = assertFails(check(w1, "-2*(" + w1.formula() + ")'"),
                EnumSet.of(Kind.TRANSPOSED, Kind.SCALED, Kind.SIGN));
        assertEquals("−2", r.diagnoses().get(0).constantName(), r::report);
        assertFails(check(w1, "(x*r'*W3*W2*diag(sp1))'"), EnumSet.of(Kind.TRANSPOSED, Kind.SIGMA_PRIME_MISSING));
    }

    @Test
    void theBatchSlipsAreNamed() {
        Objective mean = new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN);
        FormulaResult r = assertFails(FormulaCheck.check(new FormulaQuestion(SeedFormulas.SHALLOW, mean,
                FormulaQuestion.parameter("W2"), "S1*R'", Layout.NUMERATOR), 5, CASES), EnumSet.of(Kind.SCALED));
        assertEquals("B", r.diagnoses().get(0).constantName(), r::report);
        assertTrue(r.diagnoses().get(0).description().contains("the batch summed where the objective takes its mean"),
                r::report);
        r = assertFails(FormulaCheck.check(new FormulaQuestion(SeedFormulas.SHALLOW, Objective.SEED,
                FormulaQuestion.parameter("W2"), "S1*R'/B", Layout.NUMERATOR), 5, CASES), EnumSet.of(Kind.SCALED));
        assertEquals("1/B", r.diagnoses().get(0).constantName(), r::report);
    }

    @Test
    void theMeanSquaredErrorsFactorIsNamed() {
        Objective mse = new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.SUM);
        // r where (2/n) r belongs: n/2 times the gradient — except where n = 2, which the cases include
        FormulaResult r = FormulaCheck.check(new FormulaQuestion(List.of(), mse, FormulaQuestion.parameter("W1"),
                "x*r'", Layout.NUMERATOR), 5, CASES);
        assertEquals(Verdict.FAILS, r.verdict(), r::report);
        assertEquals(List.of("n/2"), r.diagnoses().stream().map(Diagnosis::constantName).toList(), r::report);
    }

    @Test
    void aConstantNoListNamesIsFitted() {
        Seed w1 = SeedFormulas.PROP_2.get(0);
        FormulaResult r = assertFails(check(w1, "3*" + w1.formula()), EnumSet.of(Kind.SCALED));
        assertEquals("fitted", r.diagnoses().get(0).constantName(), r::report);
        assertEquals(3.0, r.diagnoses().get(0).constant(), 1e-12, r::report);
    }

    /**
     * The rounding rule resolves a relative error of 10⁻¹⁰ (it is ε·K·gauge wide, K a few hundred): the formula
     * times (1 + 10⁻¹⁰) fails on every case, and the fitted constant is that factor.
     */
    @Test
    void aRelativeErrorOfTenToTheMinusTenIsCaught() {
        Seed w1 = SeedFormulas.DIAGRAM_3.get(0);
        FormulaResult r = assertFails(check(w1, w1.formula() + "*(1 + 1e-10)"), EnumSet.of(Kind.SCALED));
        assertEquals(1 + 1e-10, r.diagnoses().get(0).constant(), 1e-14, r::report);
    }

    @Test
    void aFormulaThatIsNoneOfTheseIsUnexplainedWithItsWorstEntries() {
        // σ' taken as s: diag(s1) in place of diag(sp1) — no hypothesis of the list
        Seed w1 = SeedFormulas.PROP_2.get(0);
        FormulaResult r = check(w1, "x*r'*W2*diag(s1)");
        assertEquals(Verdict.FAILS, r.verdict(), r::report);
        assertEquals(EnumSet.of(Kind.UNEXPLAINED), r.kinds(), r::report);
        assertEquals(FormulaCheck.WORST_ENTRIES, r.worstEntries().size(), r::report);
        FormulaResult.Entry worst = r.worstEntries().get(0);
        assertEquals(r.worstScaledError(), worst.scaledError(), r::report);
        assertTrue(worst.scaledError() >= r.worstEntries().get(1).scaledError(), r::report);
        assertTrue(r.explanation().stream().anyMatch(l -> l.startsWith("worst entries on ")), r::report);
    }

    @Test
    void aDiagnosisNeedsEveryCase() {
        // right on cases with B = 1 only (B·∂ℓ/∂W2 where the sum is wanted): never "holds", and "times B"
        FormulaResult r = check(SeedFormulas.PROP_2.get(2), "B*s1*r'");
        assertEquals(Verdict.FAILS, r.verdict(), r::report);
        assertEquals("B", r.diagnoses().get(0).constantName(), r::report);
        assertFalse(r.message().startsWith("fails on " + 3 * CASES), r::report);
    }
}
