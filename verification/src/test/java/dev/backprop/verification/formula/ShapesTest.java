package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shapes and their explanations on one case of the shallow network with d = 2, h1 = 3, n = 4, B = 5 (every
 * dimension different), and the formula as handed to EJML.
 */
class ShapesTest {
    private static final Vocabulary VOCABULARY = new Vocabulary(2, Loss.HALF_SQUARED_ERROR);
    private static final int[] WIDTHS = {2, 3, 4};
    private static final String[] W1_NUMERATOR = {"d", "h1"};

    private static List<String> illFormed(String formula) {
        Formula f = Formula.parse(formula, VOCABULARY);
        return assertThrows(Shapes.IllFormed.class, () -> Shapes.of(f, VOCABULARY, WIDTHS, 5, f.batch(VOCABULARY),
                W1_NUMERATOR)).lines;
    }

    private static Shapes shapes(String formula) {
        Formula f = Formula.parse(formula, VOCABULARY);
        return Shapes.of(f, VOCABULARY, WIDTHS, 5, f.batch(VOCABULARY), W1_NUMERATOR);
    }

    @Test
    void aFactorWhoseTransposeFitsIsToBeTransposed() {
        List<String> lines = illFormed("x*r*W2*diag(sp1)");
        assertEquals("cannot be evaluated: product 1, x · r, is the first whose dimensions disagree: x is d×1 = 2×1 "
                + "but r is n×1 = 4×1 (1 column against n = 4 rows)", lines.get(0));
        assertEquals("factors: x: d×1 = 2×1 · r: n×1 = 4×1 · W2: n×h1 = 4×3 · diag(sp1): h1×h1 = 3×3", lines.get(1));
        assertEquals("r would have to be transposed (r' is 1×n = 1×4)", lines.get(2));
        assertEquals("mended that way, the product would be d×h1 = 2×3", lines.get(3));
    }

    @Test
    void aLeftFactorWhoseTransposeFitsIsNamedToo() {
        List<String> lines = illFormed("r*W2*diag(sp1)");
        assertTrue(lines.get(2).endsWith("; or r would have to be transposed (r' is 1×n = 1×4)"), lines.get(2));
    }

    @Test
    void aProductInsideAFactorIsExplainedWhereItFails() {
        List<String> lines = illFormed("x*(r'*diag(sp1))");
        assertEquals("cannot be evaluated: product 1 in r'*diag(sp1), r' · diag(sp1), is the first whose dimensions "
                + "disagree: r' is 1×n = 1×4 but diag(sp1) is h1×h1 = 3×3 (n = 4 columns against h1 = 3 rows)",
                lines.get(0));
        assertEquals("factors: r': 1×n = 1×4 · diag(sp1): h1×h1 = 3×3", lines.get(1));
        // W2 (n×h1) is what is missing between them: r' W2 diag(sp1)
        assertTrue(lines.get(2).contains("a factor of shape n×h1 = 4×3 is missing before diag(sp1); W2 has it"),
                lines.get(2));
    }

    @Test
    void sumsElementWiseProductsDivisionsAndDiagsNeedTheirShapes() {
        assertEquals(List.of("cannot be evaluated: in x*r' + W2, x*r' is d×n = 2×4 but W2 is n×h1 = 4×3; a sum or "
                + "difference needs equal shapes"), illFormed("x*r' + W2"));
        assertEquals(List.of("cannot be evaluated: in x .* r, x is d×1 = 2×1 but r is n×1 = 4×1; an element-wise "
                + "product needs equal shapes"), illFormed("x .* r"));
        assertEquals(List.of("cannot be evaluated: in x*r'/r', the divisor r' is 1×n = 1×4: only a scalar can divide"),
                illFormed("x*r'/r'"));
        assertEquals(List.of("cannot be evaluated: in x*r'/(B-5), the divisor (B-5) is 0 on this case"),
                illFormed("x*r'/(B-5)"));
        assertEquals(List.of("cannot be evaluated: diag(W2) needs a vector (or a square matrix), but W2 is n×h1 = 4×3"),
                illFormed("diag(W2)"));
        // a 1×1 matrix is a matrix, as EJML insists: (rᵀr)·x is refused, (rᵀr is 1×1, x is d×1)
        assertTrue(illFormed("(r'*r)*x*r'*W2*diag(sp1)").get(0).contains("product 1, (r'*r) · x"));
    }

    @Test
    void scalarsAreFoldedAndDifferencesBecomeSumsOnMagnitudes() {
        Shapes s = shapes("-(1/2)*x*r'*W2*diag(sp1) - x*(d - 4)*r'*W2*diag(sp1)");
        String value = s.value();
        String magnitude = s.magnitude(null);
        // EJML would divide 1/2 as integers, to 0; folded here to 0.5, and d − 4 to −2
        assertTrue(value.contains("(-0.5)") && value.contains("(-2.0)"), value);
        assertTrue(magnitude.contains("(0.5)") && magnitude.contains("(2.0)") && !magnitude.contains("-"), magnitude);
        assertEquals("2×3", s.result().sizes());
        assertEquals(4, s.computed().size()); // r twice and sp1 twice are computed; x and W2 are given
    }

    @Test
    void integerDivisionIsNotEjmls() {
        // (1/2)·(2 x rᵀ) = x rᵀ: right only if 1/2 is read as 0.5
        FormulaResult r = FormulaCheck.check(new FormulaQuestion(List.of(), Objective.SEED, DeepParameter.weight(1),
                "(1/2)*(2*x*r')", Layout.NUMERATOR), 1, 4);
        assertEquals(Verdict.HOLDS, r.verdict(), r::report);
    }

    @Test
    void theOneSampleAndBatchReadingsAreStated() {
        FormulaResult one = FormulaCheck.check(new FormulaQuestion(List.of(Activation.TANH), Objective.SEED,
                DeepParameter.weight(2), "s1*r'", Layout.NUMERATOR), 1, 2);
        assertTrue(one.explanation().contains("a one-sample formula: evaluated for every sample and combined by the "
                + "objective's reduction (sum)"), one::report);
        FormulaResult batch = FormulaCheck.check(new FormulaQuestion(List.of(Activation.TANH), Objective.SEED,
                DeepParameter.weight(2), "S1*R'", Layout.NUMERATOR), 1, 2);
        assertTrue(batch.explanation().stream().anyMatch(l -> l.startsWith("a batch formula")), batch::report);
        assertFalse(batch.report().isEmpty());
        assertTrue(batch.report().startsWith("formula check: ∂ℓ/∂W2 = S1*R' (numerator layout) for d → h1 tanh → n; "
                + "half_squared_error, sum"), batch::report);
    }
}
