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
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Verdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A formula that cannot be read is answered with {@link Verdict#BAD_FORMULA} and one line saying what is wrong
 * and where — never an exception, never a stack trace, no case drawn; and a question that cannot be asked is
 * refused with one line.
 */
class BadFormulaTest {
    static Stream<Arguments> badFormulas() {
        return Stream.of(
                Arguments.of(null, "the formula is empty"),
                Arguments.of("", "the formula is empty"),
                Arguments.of("   \t ", "the formula is empty"),
                Arguments.of("g =", "no expression after '='"),
                Arguments.of("x*(r'*W2", "')' expected to close the '(' at column 3, found the end of the formula"),
                Arguments.of("x*r')", "syntax error at column 5: ')' cannot follow a complete expression"),
                Arguments.of("x r'", "syntax error at column 3: 'r' cannot follow a complete expression (a product "
                        + "needs '*')"),
                Arguments.of("x*r'*", "the formula ends where a quantity, number or '(' is expected"),
                Arguments.of("x**r'", "syntax error at column 3: '*' where a quantity, number or '(' is expected"),
                Arguments.of("x*r'*W2*diag(sp3)", "unknown name 'sp3' at column 14 (this network has 2 layers"),
                Arguments.of("x*foo", "unknown name 'foo' at column 3; known for this network: one sample: x, y, "
                        + "yhat, r, dl, z1, s1, sp1; batch: X, Y, YHAT, R, DL, Z1, S1, SP1; parameters: W1, b1, W2, b2; "
                        + "sizes: d, h1, n, B; functions: diag, ones, zeros, eye"),
                Arguments.of("x*p'", "(p = softmax(ŷ) is offered for cross-entropy only)"),
                Arguments.of("x*z2'", "(z2 is the output ŷ: write yhat)"),
                Arguments.of("inv(W2)", "unknown function 'inv' at column 1; the formula check supports diag, ones, "
                        + "zeros, eye"),
                Arguments.of("sp1(2)", "sp1 is a quantity, not a function"),
                Arguments.of("x*r'*W2*diag", "unknown name 'diag' at column 9 (a function: write diag(…))"),
                Arguments.of("ones(B)", "ones at column 1 takes 2 arguments, got 1"),
                Arguments.of("ones(B, 1.5)*x'", "ones at column 1 takes sizes"),
                Arguments.of("x.^2", "'.^' at column 2 is not supported"),
                Arguments.of("x./r", "'./' at column 2 is not supported"),
                Arguments.of("x*r'^2", "'^' at column 5 is not supported"),
                Arguments.of("x*rᵀ", "unexpected character 'ᵀ' at column 4 of the formula (names are ASCII"),
                Arguments.of("x # r", "unexpected character '#' at column 3"),
                Arguments.of("x*r' = g", "'=' at column 6"),
                Arguments.of("x = x*r'", "the output name 'x' is one of the formula's own names"),
                Arguments.of("2*B", "is a scalar: it uses no quantity"),
                Arguments.of("1e999*x", "the number 1e999 at column 1 is out of range"),
                Arguments.of("x*R'", "mixes one-sample names"),
                Arguments.of("(".repeat(200) + "x" + ")".repeat(200), "nested more than " + Formula.MAX_NESTING),
                Arguments.of("x" + "+x".repeat(Formula.MAX_LENGTH), "characters; at most " + Formula.MAX_LENGTH));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFormulas")
    void aBadFormulaIsOneClearLine(String formula, String expected) {
        FormulaResult r = FormulaCheck.check(new FormulaQuestion(List.of(Activation.TANH), Objective.SEED,
                DeepParameter.weight(1), formula, Layout.NUMERATOR), 1, 3);
        assertEquals(Verdict.BAD_FORMULA, r.verdict(), r::report);
        assertTrue(r.message().contains(expected), () -> "expected '" + expected + "' in: " + r.message());
        assertFalse(r.message().contains("\n") || r.message().contains("\r") || r.message().contains("Exception"),
                r::message);
        assertEquals(List.of(r.message()), r.explanation());
        assertEquals(0, r.cases());
        assertTrue(Double.isNaN(r.worstScaledError()));
        assertTrue(r.summary().startsWith("BAD_FORMULA ∂ℓ/∂W1 = "), r::summary);
    }

    @Test
    void theResidualIsOfferedOnlyForTheSquaredLosses() {
        FormulaResult r = FormulaCheck.check(new FormulaQuestion(List.of(), new Objective(Loss.SOFTMAX_CROSS_ENTROPY,
                Reduction.SUM), DeepParameter.weight(1), "x*r'", Layout.NUMERATOR), 1, 3);
        assertEquals(Verdict.BAD_FORMULA, r.verdict());
        assertTrue(r.message().contains("(r is offered for the squared losses; for cross-entropy write dl = p − y"),
                r::message);
    }

    @Test
    void aQuestionThatCannotBeAskedIsRefusedWithOneLine() {
        assertEquals(DeepParameter.weight(3), FormulaQuestion.parameter("W3"));
        assertEquals(DeepParameter.bias(1), FormulaQuestion.parameter(" b1 "));
        for (String name : new String[] {"W0", "x1", "W", "b-1", "", "W12345"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FormulaQuestion.parameter(name));
            assertTrue(e.getMessage().contains("is not a parameter; write W<k> or b<k>"), e::getMessage);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FormulaQuestion.numerator(
                List.of(Activation.TANH), Objective.SEED, DeepParameter.weight(3), "x"));
        assertEquals("the network has 2 layers (parameters W1, b1 … W2, b2); there is no W3", e.getMessage());
        List<Activation> deep = java.util.Collections.nCopies(FormulaCheck.MAX_DEPTH, Activation.TANH);
        e = assertThrows(IllegalArgumentException.class, () -> FormulaQuestion.numerator(deep, Objective.SEED,
                DeepParameter.weight(1), "x"));
        assertTrue(e.getMessage().startsWith("the formula check draws networks of at most " + FormulaCheck.MAX_DEPTH),
                e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new FormulaQuestion(List.of(), null, DeepParameter.weight(1),
                "x", Layout.NUMERATOR));
        FormulaQuestion q = FormulaQuestion.numerator(List.of(), Objective.SEED, DeepParameter.weight(1), "x*r'");
        assertThrows(IllegalArgumentException.class, () -> FormulaCheck.check(q, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FormulaCheck.check(q, 1, FormulaCheck.MAX_CASES + 1));
        assertThrows(IllegalArgumentException.class, () -> FormulaCheck.check(null, 1, 1));
    }
}
