package dev.backprop.verification.formula;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.formula.FormulaResult.Family;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three families of cases have the dimensions they promise — every dimension different (and ≥ 2), dimensions
 * of 1, equal widths — and a case is a function of (seed, family, index).
 */
class FormulaCaseTest {
    private static final int CASES = 40;

    private static int[] dims(FormulaCase c) {
        int[] out = Arrays.copyOf(c.widths(), c.widths().length + 1);
        out[out.length - 1] = c.batchSize();
        return out;
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 2, 3, 6})
    void everyFamilyHasTheDimensionsItPromises(int depth) {
        List<Activation> hidden = java.util.Collections.nCopies(depth - 1, Activation.TANH);
        int ones = 0;
        for (int i = 0; i < CASES; i++) {
            int[] distinct = dims(FormulaCase.draw(hidden, Objective.SEED, Family.DISTINCT, 9, i));
            assertEquals(depth + 2, distinct.length);
            Set<Integer> seen = new HashSet<>();
            for (int v : distinct) {
                assertTrue(v >= 2, () -> Arrays.toString(distinct));
                seen.add(v);
            }
            assertEquals(distinct.length, seen.size(), () -> "not pairwise different: " + Arrays.toString(distinct));

            int[] one = dims(FormulaCase.draw(hidden, Objective.SEED, Family.ONES, 9, i));
            assertTrue(Arrays.stream(one).anyMatch(v -> v == 1), () -> Arrays.toString(one));
            if (i == 0) {
                assertTrue(Arrays.stream(one).allMatch(v -> v == 1), () -> Arrays.toString(one));
            }
            ones += Arrays.stream(one).allMatch(v -> v == 1) ? 0 : 1;

            int[] equal = dims(FormulaCase.draw(hidden, Objective.SEED, Family.EQUAL, 9, i));
            int w = equal[0];
            for (int k = 0; k <= depth; k++) {
                assertEquals(w, equal[k], () -> Arrays.toString(equal));
            }
            assertTrue(w >= 2 && w <= FormulaCase.MAX_EQUAL_WIDTH, () -> Arrays.toString(equal));
            assertNotEquals(w, equal[depth + 1], () -> "B must differ from the width: " + Arrays.toString(equal));
        }
        assertTrue(ones > CASES / 2, "the ones family must mix 1s with other sizes, not only all-1 cases");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"half_squared_error", "mean_squared_error", "softmax_cross_entropy"})
    void casesAreReproducibleAndTheirTargetsFitTheLoss(String loss) {
        Objective objective = new Objective(Loss.named(loss), Reduction.MEAN);
        List<Activation> hidden = List.of(Activation.RELU, Activation.SIGMOID);
        boolean differ = false;
        for (int i = 0; i < 10; i++) {
            FormulaCase a = FormulaCase.draw(hidden, objective, Family.DISTINCT, 3, i);
            FormulaCase b = FormulaCase.draw(hidden, objective, Family.DISTINCT, 3, i);
            FormulaCase c = FormulaCase.draw(hidden, objective, Family.DISTINCT, 4, i);
            assertArrayEquals(a.batch().inputs().toArray(), b.batch().inputs().toArray());
            assertEquals(a.network().toString(), b.network().toString());
            differ |= !Arrays.equals(a.batch().inputs().toArray(), c.batch().inputs().toArray());
            objective.requireFits(a.network(), a.batch()); // targets valid for the loss (probabilities for CE)
            for (double v : a.network().weight(1).toArray()) {
                assertTrue(Math.abs(v) <= FormulaCase.ENTRY_RANGE);
            }
        }
        assertTrue(differ, "another seed must give other cases");
        FormulaCase literal = FormulaCase.draw(hidden, Objective.SEED, Family.DISTINCT, 3, 3);
        assertFalse(Arrays.stream(literal.batch().targets().toArray()).anyMatch(v -> v != 0.0),
                "every fourth squared-loss case has the seed's literal target y = 0");
    }
}
