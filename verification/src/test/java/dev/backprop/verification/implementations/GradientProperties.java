package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;

/**
 * Proposition 2's gradients, checked property by property for both built-in implementations against the
 * oracles of {@link GradientChecks}, over {@link Generators#shallowCases()} with the fixed
 * {@link PropertyRun#DEFAULT_SEED}.
 *
 * <p>The checks are written once, in {@link Contract}, as default {@code @Test} methods over an abstract
 * {@link Contract#subject()}; {@link Reference} and {@link Optimized} only say which implementation they test.
 * One subject is used for a whole property run, so an implementation that keeps state between calls (the
 * optimized workspace) is exercised across every shape the generator draws.
 */
class GradientProperties {
    static final int FORWARD_MODE_EXAMPLES = 300;
    static final int FINITE_DIFFERENCE_EXAMPLES = 200;
    static final int AUGMENTED_EXAMPLES = 200;
    static final int AGREEMENT_EXAMPLES = 300;
    static final int REUSE_EXAMPLES = 200;

    /** Runs {@code check} over the standard cases and asserts that every one of {@code examples} passed. */
    static PropertyResult assertHolds(String name, int examples, Function<ShallowCase, Observation> check) {
        PropertyResult result = PropertyRun.run(name, Generators.shallowCases(), examples, PropertyRun.DEFAULT_SEED,
                check);
        System.out.println(result.report() + " (ReLU kink coordinates met: " + result.kinks() + ")");
        assertTrue(result.passed(), result::report);
        // PropertyRun counts the cases that passed before the first failure, so on a passing run this is
        // exactly the number of examples QuickTheories was asked for: no case is silently skipped.
        assertEquals(examples, result.cases(), () -> "cases run by " + name + ": " + result.report());
        assertEquals(PropertyRun.DEFAULT_SEED, result.seed());
        return result;
    }

    /** The properties every {@link ShallowBackprop} must have. */
    interface Contract {
        /** A fresh implementation under test. */
        ShallowBackprop subject();

        /** A name for reports, e.g. {@code "ReferenceBackprop"}. */
        default String name() {
            return subject().getClass().getSimpleName();
        }

        @Test
        default void againstForwardMode() {
            ShallowBackprop subject = subject();
            assertHolds(name() + " gradient vs forward-mode AD", FORWARD_MODE_EXAMPLES,
                    c -> GradientChecks.againstForwardMode(subject, c));
        }

        @Test
        default void againstFiniteDifferences() {
            ShallowBackprop subject = subject();
            assertHolds(name() + " gradient vs finite differences", FINITE_DIFFERENCE_EXAMPLES,
                    c -> GradientChecks.againstFiniteDifferences(subject, c));
        }

        @Test
        default void augmentedAgainstForwardMode() {
            ShallowBackprop subject = subject();
            assertHolds(name() + " augmented gradient vs forward-mode AD", AUGMENTED_EXAMPLES,
                    c -> GradientChecks.augmentedAgainstForwardMode(subject, c));
        }

        @Test
        default void augmentedAgainstSplit() {
            ShallowBackprop subject = subject();
            assertHolds(name() + " augmented gradient vs its own split gradient", AUGMENTED_EXAMPLES,
                    c -> GradientChecks.augmentedAgainstSplit(subject, c));
        }

        /** A batch that does not fit the network is refused, by both entry points, naming the operands. */
        @Test
        default void rejectsBatchThatDoesNotFit() {
            ShallowBackprop subject = subject();
            ShallowNetwork network = Generators.shallowCase(3, 2, 2, 1, Activation.TANH, 1.0, false, 7L).network();
            Batch wrongInputs = new Batch(Matrix.zeros(4, 2), Matrix.zeros(2, 2)); // X needs d = 3 rows
            Batch wrongTargets = new Batch(Matrix.zeros(3, 2), Matrix.zeros(1, 2)); // Y needs n = 2 rows
            assertAll(
                    () -> assertNamesOperands(assertThrows(ShapeMismatchException.class,
                            () -> subject.gradient(network, wrongInputs)), "X is 4×2"),
                    () -> assertNamesOperands(assertThrows(ShapeMismatchException.class,
                            () -> subject.augmentedGradient(network, wrongInputs)), "X is 4×2"),
                    () -> assertNamesOperands(assertThrows(ShapeMismatchException.class,
                            () -> subject.gradient(network, wrongTargets)), "Y is 1×2"),
                    () -> assertNamesOperands(assertThrows(ShapeMismatchException.class,
                            () -> subject.augmentedGradient(network, wrongTargets)), "Y is 1×2"));
        }
    }

    private static void assertNamesOperands(ShapeMismatchException e, String operand) {
        assertTrue(e.getMessage().contains(operand), () -> "message should name '" + operand + "': " + e.getMessage());
    }

    @Nested
    class Reference implements Contract {
        @Override
        public ShallowBackprop subject() {
            return new ReferenceBackprop();
        }
    }

    @Nested
    class Optimized implements Contract {
        @Override
        public ShallowBackprop subject() {
            return new OptimizedBackprop();
        }

        /**
         * Workspace reuse must not leak state: one instance, kept across the whole run, computes case A, then
         * case B (almost always of another shape, so the workspace is rebuilt; sometimes of the same shape with
         * other values, so it is reused), then B again (same shape, same values), interleaving the split and
         * augmented entry points; every result must equal bitwise what a fresh instance gives. (Checked to
         * catch a planted leak: accumulating ∂ℓ/∂W1 into the stale workspace with multAddTransB fails here.)
         */
        @Test
        void reusedInstanceMatchesFreshInstanceBitwise() {
            OptimizedBackprop shared = new OptimizedBackprop();
            Gen<CasePair> pairs = Generators.shallowCases().zip(Generators.shallowCases(), CasePair::new);
            PropertyResult result = PropertyRun.run("OptimizedBackprop reused across cases", pairs, REUSE_EXAMPLES,
                    PropertyRun.DEFAULT_SEED, p -> reuseObservation(shared, p.first(), p.second()));
            assertTrue(result.passed(), result::report);
            assertEquals(REUSE_EXAMPLES, result.cases(), result::report);
        }

        /**
         * The same, on hand-picked shapes: a big case, a 1×1×1 case, the big case again, a same-shape case
         * with other values, then the big case again; each result must equal a fresh instance's bitwise.
         */
        @Test
        void reuseAcrossShapesAndValuesOnFixedSequence() {
            ShallowCase big = Generators.shallowCase(5, 3, 4, 3, Activation.SIGMOID, 1.0, false, 11L);
            ShallowCase tiny = Generators.shallowCase(1, 1, 1, 1, Activation.RELU, 2.0, true, 12L);
            ShallowCase sameShape = Generators.shallowCase(5, 3, 4, 3, Activation.TANH, 2.0, false, 13L);
            ShallowCase longBatch = Generators.shallowCase(5, 3, 4, 1, Activation.SOFTPLUS, 0.25, false, 14L);
            OptimizedBackprop shared = new OptimizedBackprop();
            List<Executable> checks = new ArrayList<>();
            ShallowCase previous = null;
            for (ShallowCase c : List.of(big, tiny, big, sameShape, big, longBatch, big, big)) {
                ShallowGradient fresh = new OptimizedBackprop().gradient(c.network(), c.batch());
                AugmentedGradient freshTilde = new OptimizedBackprop().augmentedGradient(c.network(), c.batch());
                ShallowGradient got = shared.gradient(c.network(), c.batch());
                AugmentedGradient gotTilde = shared.augmentedGradient(c.network(), c.batch());
                String where = c + (previous == null ? " (first call)" : " after " + previous);
                checks.add(() -> assertEquals("", bitwiseDifferences(got, fresh, gotTilde, freshTilde), where));
                previous = c;
            }
            assertAll(checks);
        }
    }

    /** Two cases computed one after the other by the same instance; printed as both recipes. */
    private record CasePair(ShallowCase first, ShallowCase second) {
        @Override
        public String toString() {
            return first + " | then | " + second;
        }
    }

    /**
     * The shared instance computes {@code first}, then {@code second}, then {@code second} again (the last with
     * the augmented entry point first), and each result must equal a fresh instance's bitwise: the first call
     * follows the previous example's shape, the second follows another shape (or the same shape with other
     * values), the third reuses a workspace of exactly its own shape.
     */
    private static Observation reuseObservation(OptimizedBackprop shared, ShallowCase first, ShallowCase second) {
        StringBuilder diff = new StringBuilder();
        String[] when = {"first case", "second case, after the first", "second case again"};
        ShallowCase[] sequence = {first, second, second};
        for (int k = 0; k < sequence.length; k++) {
            ShallowCase c = sequence[k];
            ShallowGradient got;
            AugmentedGradient gotTilde;
            if (k < 2) {
                got = shared.gradient(c.network(), c.batch());
                gotTilde = shared.augmentedGradient(c.network(), c.batch());
            } else {
                gotTilde = shared.augmentedGradient(c.network(), c.batch());
                got = shared.gradient(c.network(), c.batch());
            }
            ShallowGradient fresh = new OptimizedBackprop().gradient(c.network(), c.batch());
            AugmentedGradient freshTilde = new OptimizedBackprop().augmentedGradient(c.network(), c.batch());
            String d = bitwiseDifferences(got, fresh, gotTilde, freshTilde);
            if (!d.isEmpty()) {
                diff.append(when[k]).append(" (first ").append(first).append("): ").append(d);
            }
        }
        return diff.length() == 0 ? Observation.pass(0.0)
                : Observation.fail(Double.POSITIVE_INFINITY, diff.toString());
    }

    /** "" when both results are identical bit for bit (Matrix.equals compares the doubles' bits), else which differ. */
    private static String bitwiseDifferences(ShallowGradient got, ShallowGradient fresh, AugmentedGradient gotTilde,
            AugmentedGradient freshTilde) {
        StringBuilder sb = new StringBuilder();
        if (got.layout() != fresh.layout() || gotTilde.layout() != freshTilde.layout()) {
            sb.append("layouts differ; ");
        }
        compare(sb, "∂ℓ/∂W1", got.w1(), fresh.w1());
        compare(sb, "∂ℓ/∂b1", got.b1(), fresh.b1());
        compare(sb, "∂ℓ/∂W2", got.w2(), fresh.w2());
        compare(sb, "∂ℓ/∂b2", got.b2(), fresh.b2());
        compare(sb, "∂ℓ/∂W̃1", gotTilde.w1Tilde(), freshTilde.w1Tilde());
        compare(sb, "∂ℓ/∂W̃2", gotTilde.w2Tilde(), freshTilde.w2Tilde());
        return sb.toString();
    }

    private static void compare(StringBuilder sb, String what, Matrix got, Matrix fresh) {
        if (!got.equals(fresh)) {
            sb.append(what).append(": reused ").append(got).append(" but fresh ").append(fresh).append("; ");
        }
    }

    /** Reference and optimized agree with each other to rounding, split and augmented. */
    @Test
    void referenceAgreesWithOptimized() {
        ShallowBackprop reference = new ReferenceBackprop();
        ShallowBackprop optimized = new OptimizedBackprop();
        assertHolds("ReferenceBackprop vs OptimizedBackprop", AGREEMENT_EXAMPLES,
                c -> GradientChecks.agreement(reference, optimized, c));
    }
}
