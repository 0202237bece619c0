package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The L-layer chain rule, checked property by property for both built-in implementations against the oracles of
 * {@link DeepGradientChecks}, over {@link Generators#deepCases()} (depths 1–6, widths and batches from 1, every
 * activation, loss and reduction) and {@link Generators#deepKinkCases()} (ReLU and leaky ReLU networks with a
 * pre-activation planted on, within rounding of, within a step of, or beyond its kink), with the fixed
 * {@link PropertyRun#DEFAULT_SEED}. The checks are written once, in {@link Contract}; {@link Reference} and
 * {@link Optimized} only say which implementation they test.
 */
class DeepGradientProperties {
    static final int EXAMPLES = 200;
    static final int KINK_EXAMPLES = 200;

    static PropertyResult assertHolds(String name, Gen<DeepCase> cases, int examples,
            Function<DeepCase, Observation> check) {
        PropertyResult result = PropertyRun.run(name, cases, examples, PropertyRun.DEFAULT_SEED, check);
        System.out.println(result.report() + " (kink points met: " + result.kinks() + ")");
        assertTrue(result.passed(), result::report);
        // on a passing run PropertyRun counts exactly the examples asked for: no case is silently skipped
        assertEquals(examples, result.cases(), () -> "cases run by " + name + ": " + result.report());
        return result;
    }

    /** The properties every {@link DeepBackprop} must have. */
    interface Contract {
        DeepBackprop subject();

        default String name() {
            return subject().getClass().getSimpleName();
        }

        @Test
        default void againstForwardMode() {
            DeepBackprop subject = subject();
            assertHolds(name() + " vs forward-mode AD", Generators.deepCases(), EXAMPLES,
                    c -> DeepGradientChecks.againstForwardMode(subject, c));
        }

        @Test
        default void againstFiniteDifferences() {
            DeepBackprop subject = subject();
            assertHolds(name() + " vs finite differences", Generators.deepCases(), EXAMPLES,
                    c -> DeepGradientChecks.againstFiniteDifferences(subject, c));
        }

        /**
         * Kinks never fail a correct implementation: on cases planted on and beside a ReLU or leaky-ReLU kink, both
         * oracles pass, and the kink handling was exercised (points met are counted, not assumed).
         */
        @Test
        default void atKinks() {
            DeepBackprop subject = subject();
            PropertyResult ad = assertHolds(name() + " at kinks vs forward-mode AD", Generators.deepKinkCases(),
                    KINK_EXAMPLES, c -> DeepGradientChecks.againstForwardMode(subject, c));
            PropertyResult fd = assertHolds(name() + " at kinks vs finite differences", Generators.deepKinkCases(),
                    KINK_EXAMPLES, c -> DeepGradientChecks.againstFiniteDifferences(subject, c));
            assertTrue(ad.onKink() > 0, () -> "no pre-activation at rounding level of a kink was met: " + ad.report());
            assertTrue(fd.onKink() > 0, () -> "no point on a kink was enumerated: " + fd.report());
            assertTrue(fd.kinks() > 0, () -> "no stencil reached a kink: " + fd.report());
        }

        /** A batch that does not fit, or targets the loss cannot take, are refused naming what is wrong. */
        @Test
        default void refusesWhatDoesNotFit() {
            DeepBackprop subject = subject();
            DeepNetwork network = Generators.deepCase(new int[] {3, 4, 2}, List.of(Activation.TANH), Objective.SEED,
                    1, 1.0, Generators.Targets.RANDOM, 7L).network();
            Batch wrongInputs = new Batch(Matrix.zeros(4, 2), Matrix.zeros(2, 2)); // X needs d = 3 rows
            Batch wrongTargets = new Batch(Matrix.zeros(3, 2), Matrix.zeros(1, 2)); // Y needs n = 2 rows
            Batch notProbabilities = new Batch(Matrix.zeros(3, 1), Matrix.of(2, 1, 0.5, 0.6));
            Objective crossEntropy = new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM);
            assertAll(
                    () -> assertMessage(assertThrows(ShapeMismatchException.class,
                            () -> subject.gradient(network, wrongInputs, Objective.SEED)), "X is 4×2"),
                    () -> assertMessage(assertThrows(ShapeMismatchException.class,
                            () -> subject.gradient(network, wrongTargets, Objective.SEED)), "Y is 1×2"),
                    () -> assertMessage(assertThrows(IllegalArgumentException.class,
                            () -> subject.gradient(network, notProbabilities, crossEntropy)), "sums to 1.1"));
        }
    }

    /**
     * Finite inputs whose products overflow doubles are refused with a message naming the parameter, not
     * returned as Infinity or NaN: W1 = 1e200 and x = 1e200 make z1 = 1e400.
     */
    @Test
    void overflowIsRefusedNotReturned() {
        DeepNetwork huge = new DeepNetwork(List.of(Matrix.of(1, 1, 1e200), Matrix.of(1, 1, 1.0)),
                List.of(Vector.of(0.0), Vector.of(0.0)), List.of(Activation.IDENTITY));
        Batch batch = new Batch(Matrix.of(1, 1, 1e200), Matrix.of(1, 1, 0.0));
        for (DeepBackprop subject : List.of(new ReferenceDeepBackprop(), new OptimizedDeepBackprop())) {
            RuntimeException e = assertThrows(NonFiniteValueException.class,
                    () -> subject.gradient(huge, batch, Objective.SEED), subject.getClass().getSimpleName());
            assertMessage(e, "∂ℓ/∂");
        }
        // NaN-filled as the suite hands buffers over: a refused call that wrote 0s or partial results would show
        double[] into = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        RuntimeException e = assertThrows(NonFiniteValueException.class,
                () -> new OptimizedDeepBackprop().gradientInto(huge, batch, Objective.SEED, into));
        assertMessage(e, "overflows");
        for (double v : into) {
            assertTrue(Double.isNaN(v), () -> "into is untouched: " + java.util.Arrays.toString(into));
        }
    }

    private static void assertMessage(RuntimeException e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "message should contain '" + part + "': " + e.getMessage());
    }

    @Nested
    class Reference implements Contract {
        @Override
        public DeepBackprop subject() {
            return new ReferenceDeepBackprop();
        }
    }

    @Nested
    class Optimized implements Contract {
        @Override
        public DeepBackprop subject() {
            return new OptimizedDeepBackprop();
        }
    }

    /** The two independent derivations agree entry by entry, to rounding. */
    @Test
    void referenceAgreesWithOptimized() {
        DeepBackprop reference = new ReferenceDeepBackprop();
        DeepBackprop optimized = new OptimizedDeepBackprop();
        assertHolds("reference = optimized", Generators.deepCases(), EXAMPLES,
                c -> DeepGradientChecks.agreement(reference, optimized, c));
        assertHolds("reference = optimized at kinks", Generators.deepKinkCases(), KINK_EXAMPLES,
                c -> DeepGradientChecks.agreement(reference, optimized, c));
    }

    /**
     * What "properties over depths 1–6, every activation and loss, batches from 1" means is measured, not
     * assumed: the generator's first {@link #EXAMPLES} cases, with the seed the properties use, cover every depth,
     * every hidden activation, every loss and reduction, and batch and width 1.
     */
    @Test
    void theCasesCoverEveryDepthActivationLossAndReduction() {
        Set<Integer> depths = new TreeSet<>();
        Set<Activation> activations = EnumSet.noneOf(Activation.class);
        Set<Loss> losses = EnumSet.noneOf(Loss.class);
        Set<Reduction> reductions = EnumSet.noneOf(Reduction.class);
        int[] ones = new int[2];
        PropertyResult r = PropertyRun.run("coverage", Generators.deepCases(), EXAMPLES, PropertyRun.DEFAULT_SEED, c -> {
            DeepNetwork n = c.network();
            depths.add(n.depth());
            for (int k = 1; k < n.depth(); k++) {
                activations.add(n.activation(k));
            }
            for (int k = 0; k <= n.depth(); k++) {
                ones[0] += n.width(k) == 1 ? 1 : 0;
            }
            ones[1] += c.batch().size() == 1 ? 1 : 0;
            losses.add(c.objective().loss());
            reductions.add(c.objective().reduction());
            return Observation.pass(0.0);
        });
        assertEquals(EXAMPLES, r.cases());
        assertAll(
                () -> assertEquals(Set.of(1, 2, 3, 4, 5, 6), depths, "depths drawn"),
                () -> assertEquals(EnumSet.allOf(Activation.class), activations, "activations drawn"),
                () -> assertEquals(EnumSet.allOf(Loss.class), losses, "losses drawn"),
                () -> assertEquals(EnumSet.allOf(Reduction.class), reductions, "reductions drawn"),
                () -> assertTrue(ones[0] > 0, "no width of 1 drawn"),
                () -> assertTrue(ones[1] > 0, "no batch of 1 drawn"));
    }
}
