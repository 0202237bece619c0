package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Family;
import dev.backprop.verification.numeric.Discrepancy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correct chain the wrong-layer hypotheses vary is the gradient — checked against forward-mode AD, which
 * never sees it, for every parameter, family and loss — and its variants and σ'-less forms are not.
 */
class ChainTest {
    private static final List<Activation> HIDDEN = List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"half_squared_error", "mean_squared_error", "softmax_cross_entropy"})
    void theCorrectChainIsTheExactGradientAndItsVariantsAreNot(String loss) {
        Objective objective = new Objective(Loss.named(loss), Reduction.MEAN);
        int depth = HIDDEN.size() + 1;
        Vocabulary vocabulary = new Vocabulary(depth, objective.loss());
        int variantsJudged = 0;
        for (Family family : Family.values()) {
            for (int i = 0; i < 4; i++) {
                FormulaCase c = FormulaCase.draw(HIDDEN, objective, family, 17, i);
                Quantities q = new Quantities(c, vocabulary);
                Exact exact = Exact.of(c);
                double w = objective.reduction().weight(c.batchSize());
                for (DeepParameter p : DeepParameter.ofDepth(depth)) {
                    Chain correct = Chain.correct(p, depth);
                    Chain.Evaluation e = correct.evaluate(q, w);
                    Matrix want = exact.gradients(p, Layout.NUMERATOR).get(0);
                    Discrepancy d = Discrepancy.rounding(p.seedName(), e.value(), want, FormulaCheck.combinedGauge(
                            e.bound(), e.k(), exact.bound(p, Layout.NUMERATOR), exact.k()), e.k() + exact.k());
                    assertTrue(d.passes(), () -> c.describe(vocabulary) + " " + correct.text(objective.loss()) + ": "
                            + d.describe());
                    if (family != Family.EQUAL || c.widths()[0] == 1) {
                        continue;
                    }
                    // on equal widths every variant evaluates; none may pass for the gradient
                    for (Chain v : correct.wrongLayerVariants(depth)) {
                        Chain.Evaluation ve = v.evaluate(q, w);
                        Discrepancy vd = Discrepancy.rounding(p.seedName(), ve.value(), want, FormulaCheck.combinedGauge(
                                ve.bound(), ve.k(), exact.bound(p, Layout.NUMERATOR), exact.k()), ve.k() + exact.k());
                        assertFalse(vd.passes(), () -> v.change() + " passes for " + p);
                        variantsJudged++;
                    }
                    for (int layer = p.layer(); layer < depth; layer++) {
                        int j = layer;
                        Chain.Evaluation forced = correct.withoutSigmaPrime(Set.of(j)).evaluate(q, w);
                        Matrix ad = exact.withoutSigmaPrime(Set.of(j)).get(p);
                        Discrepancy fd = Discrepancy.rounding(p.seedName(), forced.value(), ad, FormulaCheck.combinedGauge(
                                forced.bound(), forced.k(), forced.bound(), forced.k()), 2 * forced.k());
                        assertTrue(fd.passes(), () -> "σ'(z" + j + ") forced to 1: chain and AD disagree: " + fd.describe());
                    }
                }
            }
        }
        assertTrue(variantsJudged > 50, "variants judged: " + variantsJudged);
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 2, 3})
    void theChainReadsAsTheSeedWritesIt(int depth) {
        Chain w1 = Chain.correct(DeepParameter.weight(1), depth);
        String expected = switch (depth) {
            case 1 -> "x*r'";
            case 2 -> "x*r'*W2*diag(sp1)";
            default -> "x*r'*W3*diag(sp2)*W2*diag(sp1)";
        };
        assertEquals(expected, w1.text(Loss.HALF_SQUARED_ERROR));
        assertEquals(expected.replace("r'", "dl'"), w1.text(Loss.MEAN_SQUARED_ERROR));
        assertEquals("", w1.change());
    }
}
