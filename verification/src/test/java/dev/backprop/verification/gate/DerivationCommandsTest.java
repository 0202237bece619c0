package dev.backprop.verification.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands for validating a hand derivation, end to end: {@code formula} classifies a formula and exits by its
 * verdict, {@code proofs} checks the notes' proofs step by step, {@code diagram} draws a network as text and SVG;
 * bad usage is one line and exit 2.
 */
class DerivationCommandsTest {
    @Test
    void propositionTwosFormulaHoldsAndItsSigmaLessVariantFailsWithTheDiagnosis() {
        CommandRun right = CommandRun.of("formula", "--param", "W1", "--cases", "4", "x*r'*W2*diag(sp1)");
        assertEquals(0, right.exit(), right.out() + right.err());
        assertTrue(right.out().contains("verdict: HOLDS"), right.out());
        CommandRun sigmaLess = CommandRun.of("formula", "--param", "W1", "--cases", "4", "x*r'*W2");
        assertEquals(1, sigmaLess.exit(), sigmaLess.out());
        assertTrue(sigmaLess.out().contains("σ'(z1) taken as 1"), sigmaLess.out());
        CommandRun transposed = CommandRun.of("formula", "--param", "W1", "--cases", "4", "(x*r'*W2*diag(sp1))'");
        assertEquals(1, transposed.exit(), transposed.out());
        assertTrue(transposed.out().contains("transpose"), transposed.out());
        CommandRun asDenominator = CommandRun.of("formula", "--param", "W1", "--cases", "4", "--layout", "denominator",
                "(x*r'*W2*diag(sp1))'");
        assertEquals(0, asDenominator.exit(), asDenominator.out());
    }

    /** The notes' printed Diagram 3 formula cannot be evaluated, and the report says where and why. */
    @Test
    void theNotesPrintedFormulaIsExplainedFactorByFactor() {
        CommandRun r = CommandRun.of("formula", "--param", "W1", "--hidden", "tanh,tanh", "--cases", "4",
                "x*W3'*W3*diag(sp2)*W2'*diag(sp1)");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("verdict: ILL_FORMED"), r.out());
        assertTrue(r.out().contains("product 1, x · W3'"), r.out());
        assertTrue(r.out().contains("x: d×1"), r.out());
    }

    @Test
    void badFormulasAndUsageAreOneLineAndExitTwo() {
        for (String[] args : new String[][] {
            {"formula", "--param", "W1", "x*r'*W2*diag(sp1"}, {"formula", "--param", "W1", "x*q"},
            {"formula", "--param", "W9", "x*r'"}, {"formula", "--param", "W1", "--hidden", "swish", "x*r'"},
            {"formula", "--param", "W1", "--layout", "sideways", "x*r'"}, {"formula", "--param", "W1", ""},
            {"diagram", "--widths", "3,0,2"}, {"diagram", "--widths", "3,4,2", "--activations", "swish"}}) {
            CommandRun r = CommandRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void theNotesProofsAreAccountedForStepByStep() {
        CommandRun r = CommandRun.of("proofs");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("0 unexplained"), r.out());
        assertTrue(r.out().contains("D.convention"), "the convention line's break is shown: " + r.out());
    }

    @Test
    void theDiagramIsDrawnAsTextAndAsParseableSvg(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("d.svg");
        CommandRun r = CommandRun.of("diagram", "--widths", "5,4,3,2", "--activations", "tanh,relu", "--svg", svg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("h1×d = 4×5"), r.out());
        assertEquals("svg", DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getDocumentElement().getTagName());
    }
}
