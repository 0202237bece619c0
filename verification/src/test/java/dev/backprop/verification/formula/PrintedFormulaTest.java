package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Objective;
import dev.backprop.verification.formula.FormulaResult.Family;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import dev.backprop.verification.formula.SeedFormulas.Seed;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's printed two-hidden-layer line, x·W3ᵀ·W3·diag(σ'(z2))·W2ᵀ·diag(σ'(z1)) (DiagramThreeClaims' reading),
 * comes out as it deserves: it cannot be evaluated, and the explanation names the first failing product, writes
 * every factor's shape symbolically and in the case's numbers, and says what would have to change. The expected
 * text is built here from the shapes of the quantities (x d×1, W3 n×h2, W2 h2×h1, diag(σ') h×h) and the case's
 * dimensions as the explanation states them.
 */
class PrintedFormulaTest {
    private static final int CASES = 8;
    private static final Pattern DIMS = Pattern.compile("this was distinct #0: d=(\\d+) h1=(\\d+) h2=(\\d+) n=(\\d+) B=(\\d+)");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20211001})
    void thePrintedFormulaCannotBeEvaluatedAndSaysWhy(long seed) {
        Seed w1 = SeedFormulas.DIAGRAM_3.get(0);
        FormulaResult r = FormulaCheck.check(w1.question(SeedFormulas.PRINTED), seed, CASES);
        assertEquals(Verdict.ILL_FORMED, r.verdict(), r::report);
        List<String> lines = r.explanation();
        Matcher m = lines.stream().map(DIMS::matcher).filter(Matcher::find).findFirst().orElseThrow(
                () -> new AssertionError("no case dimensions in\n" + r.report()));
        int d = Integer.parseInt(m.group(1));
        int h1 = Integer.parseInt(m.group(2));
        int h2 = Integer.parseInt(m.group(3));
        int n = Integer.parseInt(m.group(4));
        // the first product, x (d×1) · W3ᵀ (h2×n), cannot be formed: 1 column against h2 rows
        assertEquals(String.format("cannot be evaluated: product 1, x · W3', is the first whose dimensions disagree: "
                + "x is d×1 = %d×1 but W3' is h2×n = %d×%d (1 column against h2 = %d rows)", d, h2, n, h2), lines.get(0));
        assertEquals(r.message(), lines.get(0));
        assertEquals(String.format("factors: x: d×1 = %d×1 · W3': h2×n = %d×%d · W3: n×h2 = %d×%d · diag(sp2): h2×h2 = "
                + "%d×%d · W2': h1×h2 = %d×%d · diag(sp1): h1×h1 = %d×%d", d, h2, n, n, h2, h2, h2, h1, h2, h1, h1),
                lines.get(1));
        // what would have to change: a 1×n factor (rᵀ) where W3ᵀ stands, and W2ᵀ transposed — the corrected D3.W1
        assertTrue(lines.get(2).startsWith(String.format("in place of W3' (h2×n = %d×%d) a factor of shape 1×n = 1×%d "
                + "is needed", h2, n, n)) && lines.get(2).contains("; r', dl'"), lines.get(2));
        assertTrue(lines.get(3).startsWith("then product 4, x*W3'*W3*diag(sp2) · W2', fails too")
                && lines.get(3).endsWith(String.format("W2' would have to be transposed (W2 is h2×h1 = %d×%d)", h2, h1)),
                lines.get(3));
        assertEquals(String.format("mended that way, the product would be d×h1 = %d×%d", d, h1), lines.get(4));
        // every case with distinct dimensions is ill-formed; elsewhere it evaluates exactly where h1 = h2 = 1
        assertEquals(0, r.evaluated(Family.DISTINCT), r::report);
        assertEquals(0, r.evaluated(Family.EQUAL), r::report);
        for (Family f : Family.values()) {
            int evaluable = 0;
            for (int i = 0; i < CASES; i++) {
                int[] widths = FormulaCase.draw(w1.hidden(), Objective.SEED, f, seed, i).widths();
                evaluable += widths[1] == 1 && widths[2] == 1 ? 1 : 0;
            }
            assertEquals(evaluable, r.evaluated(f), f::label);
        }
        // where it evaluates (dimensions of 1) it is not the gradient either
        if (r.evaluated() > 0) {
            assertTrue(r.worstScaledError() > 1.0, r::report);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("where it can be evaluated") && l.contains("it is not "
                    + "∂ℓ/∂W1")), r::report);
        }
    }
}
