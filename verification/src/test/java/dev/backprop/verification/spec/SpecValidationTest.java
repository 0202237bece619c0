package dev.backprop.verification.spec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backprop.optimized.OptimizedAlgebra;
import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.reference.ReferenceJacobians;
import dev.backprop.spec.Activation;
import dev.backprop.spec.AugmentedGradient;
import dev.backprop.spec.Batch;
import dev.backprop.spec.Layout;
import dev.backprop.spec.LinearLayerJacobians;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.spec.SeedAlgebra;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.ShallowParameter;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Tensor3;
import dev.backprop.spec.Vector;
import dev.backprop.verification.numeric.Tolerances;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's input boundary and value types: wrong shapes, non-finite values and absurd sizes are refused with a
 * message that says where; layouts convert by transposing; activations match closed forms written here
 * independently; nothing handed in is kept or modified.
 */
class SpecValidationTest {

    /** Both implementations of the Section 1 products, so that every refusal is checked on each. */
    static Stream<Arguments> algebras() {
        return Stream.of(Arguments.of("reference", new ReferenceAlgebra()),
                Arguments.of("optimized", new OptimizedAlgebra()));
    }

    /** Both implementations of Proposition 1. */
    static Stream<Arguments> jacobians() {
        return Stream.of(Arguments.of("reference", new ReferenceJacobians()),
                Arguments.of("optimized", new OptimizedAlgebra()));
    }

    private static Matrix filled(int rows, int cols) {
        return Matrix.fromFunction(rows, cols, (i, j) -> 0.1 * (i + 1) - 0.05 * j);
    }

    private static Vector filled(int n) {
        return Vector.fromFunction(n, i -> 0.3 - 0.1 * i);
    }

    private static Tensor3 filled(int p, int m, int n) {
        return Tensor3.fromFunction(p, m, n, (i, j, k) -> 0.01 * i + 0.1 * j - 0.2 * k);
    }

    /** A network d=4, h=3, n=2 with finite entries. */
    private static ShallowNetwork network() {
        return new ShallowNetwork(filled(3, 4), filled(3), filled(2, 3), filled(2), Activation.TANH);
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message does not mention '" + part + "': " + message);
        }
    }

    /** Runs {@code call} and returns what it threw (any Throwable, including an OutOfMemoryError), or fails. */
    private static Throwable thrownBy(Executable call) {
        try {
            call.execute();
        } catch (Throwable t) {
            return t;
        }
        return fail("nothing was thrown");
    }

    // ---- shapes that cannot agree --------------------------------------------------------------------------

    @Nested
    class ShapeMismatches {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#algebras")
        void productNamesBothShapes(String name, SeedAlgebra algebra) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> algebra.product(filled(3, 4), filled(5, 2)));
            assertEquals("product A·B: A is 3×4 but B is 5×2; columns of A must equal rows of B", e.getMessage());
        }

        @Test
        void productRefusedByBothImplementationsCalledDirectly() {
            ShapeMismatchException ref = assertThrows(ShapeMismatchException.class,
                    () -> new ReferenceAlgebra().product(filled(3, 4), filled(5, 2)));
            ShapeMismatchException opt = assertThrows(ShapeMismatchException.class,
                    () -> new OptimizedAlgebra().product(filled(3, 4), filled(5, 2)));
            assertMentions(ref.getMessage(), "3×4", "5×2");
            assertMentions(opt.getMessage(), "3×4", "5×2");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#algebras")
        void contractFirstNamesTheLengthAndTheTensor(String name, SeedAlgebra algebra) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> algebra.contractFirst(filled(3), filled(2, 3, 4)));
            assertMentions(e.getMessage(), "yᵀT", "y has length 3", "T is 2×3×4", "first dimension of T");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#algebras")
        void hadamardNamesBothLengths(String name, SeedAlgebra algebra) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> algebra.hadamard(filled(3), filled(4)));
            assertMentions(e.getMessage(), "x⊙y", "x has length 3", "y has length 4");
        }

        @Test
        void networkWithBiasOfWrongLength() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new ShallowNetwork(filled(3, 4), filled(2), filled(2, 3), filled(2), Activation.TANH));
            assertEquals("shallow network: W1 is 3×4 but b1 is 2; b1 needs one entry per row of W1 (h)", e.getMessage());
        }

        @Test
        void networkWithW2OfWrongWidth() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new ShallowNetwork(filled(3, 4), filled(3), filled(2, 5), filled(2), Activation.TANH));
            assertMentions(e.getMessage(), "W1 is 3×4", "W2 is 2×5");
        }

        @Test
        void networkWithB2OfWrongLength() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new ShallowNetwork(filled(3, 4), filled(3), filled(2, 3), filled(3), Activation.TANH));
            assertMentions(e.getMessage(), "W2 is 2×3", "b2 is 3");
        }

        @Test
        void batchWithColumnsThatDoNotMatch() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new Batch(filled(4, 3), filled(2, 5)));
            assertEquals("batch: X is 4×3 but Y is 2×5; X and Y need one column per sample (B)", e.getMessage());
        }

        @Test
        void batchThatDoesNotFitTheNetworkInputs() {
            Batch wrongD = new Batch(filled(5, 2), filled(2, 2));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> wrongD.requireFits(network()));
            assertMentions(e.getMessage(), "X is 5×2", "W1 is 3×4");
        }

        @Test
        void batchThatDoesNotFitTheNetworkOutputs() {
            Batch wrongN = new Batch(filled(4, 2), filled(3, 2));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> wrongN.requireFits(network()));
            assertMentions(e.getMessage(), "Y is 3×2", "W2 is 2×3");
        }

        @Test
        void fittingBatchIsAccepted() {
            new Batch(filled(4, 2), filled(2, 2)).requireFits(network());
        }

        @Test
        void matrixOfWithTheWrongNumberOfEntries() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Matrix.of(2, 2, 1, 2, 3));
            assertMentions(e.getMessage(), "2×2", "4", "3");
        }

        @Test
        void raggedRows() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> Matrix.fromRows(new double[] {1, 2}, new double[] {3}));
            assertMentions(e.getMessage(), "row 0 has 2", "row 1 has 1");
        }

        @Test
        void appendColumnOfWrongLength() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> filled(3, 4).appendColumn(filled(2)));
            assertMentions(e.getMessage(), "W is 3×4", "b is 2");
        }
    }

    // ---- NaN and ±Infinity at the input boundary -----------------------------------------------------------

    @Nested
    class NonFiniteValues {
        private Matrix with(Matrix m, int row, int col, double value) {
            return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> i == row && j == col ? value : m.get(i, j));
        }

        private Vector with(Vector v, int at, double value) {
            return Vector.fromFunction(v.size(), i -> i == at ? value : v.get(i));
        }

        @Test
        void nanInW1() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> new ShallowNetwork(
                    with(filled(3, 4), 2, 1, Double.NaN), filled(3), filled(2, 3), filled(2), Activation.TANH));
            assertEquals("W1 (3×4) has NaN at (2, 1)", e.getMessage());
        }

        @Test
        void positiveInfinityInB1() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> new ShallowNetwork(
                    filled(3, 4), with(filled(3), 1, Double.POSITIVE_INFINITY), filled(2, 3), filled(2),
                    Activation.TANH));
            assertEquals("b1 (3) has +Infinity at (1)", e.getMessage());
        }

        @Test
        void negativeInfinityInW2() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> new ShallowNetwork(
                    filled(3, 4), filled(3), with(filled(2, 3), 1, 2, Double.NEGATIVE_INFINITY), filled(2),
                    Activation.TANH));
            assertEquals("W2 (2×3) has -Infinity at (1, 2)", e.getMessage());
        }

        @Test
        void nanInB2() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> new ShallowNetwork(
                    filled(3, 4), filled(3), filled(2, 3), with(filled(2), 0, Double.NaN), Activation.TANH));
            assertEquals("b2 (2) has NaN at (0)", e.getMessage());
        }

        @Test
        void firstOffendingEntryIsNamed() {
            Matrix twoBad = with(with(filled(3, 4), 2, 3, Double.NaN), 0, 2, Double.POSITIVE_INFINITY);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> new ShallowNetwork(twoBad, filled(3), filled(2, 3), filled(2), Activation.TANH));
            assertEquals("W1 (3×4) has +Infinity at (0, 2)", e.getMessage());
        }

        @Test
        void nanInBatchInputs() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> new Batch(with(filled(4, 3), 3, 0, Double.NaN), filled(2, 3)));
            assertEquals("X (4×3) has NaN at (3, 0)", e.getMessage());
        }

        @Test
        void infinitiesInBatchTargets() {
            NonFiniteValueException plus = assertThrows(NonFiniteValueException.class,
                    () -> new Batch(filled(4, 3), with(filled(2, 3), 0, 1, Double.POSITIVE_INFINITY)));
            assertEquals("Y (2×3) has +Infinity at (0, 1)", plus.getMessage());
            NonFiniteValueException minus = assertThrows(NonFiniteValueException.class,
                    () -> new Batch(filled(4, 3), with(filled(2, 3), 1, 2, Double.NEGATIVE_INFINITY)));
            assertEquals("Y (2×3) has -Infinity at (1, 2)", minus.getMessage());
        }

        @Test
        void nonFiniteSingleSample() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> Batch.single(with(filled(4), 2, Double.NaN), filled(2)));
            assertEquals("X (4×1) has NaN at (2, 0)", e.getMessage());
        }

        @Test
        void missingActivationIsRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ShallowNetwork(filled(3, 4), filled(3), filled(2, 3), filled(2), null));
            assertMentions(e.getMessage(), "activation");
        }
    }

    // ---- sizes ---------------------------------------------------------------------------------------------

    @Nested
    class Sizes {
        @Test
        void absurdMatrixIsRefusedBeforeAllocating() {
            AtomicLong evaluated = new AtomicLong();
            Throwable t = thrownBy(() -> Matrix.fromFunction(1 << 20, 1 << 20, (i, j) -> {
                evaluated.incrementAndGet();
                return 0.0;
            }));
            assertInstanceOf(IllegalArgumentException.class, t, "2⁴⁰ entries must be refused, not attempted: " + t);
            assertMentions(t.getMessage(), "more than", "1048576");
            assertEquals(0, evaluated.get(), "entries were evaluated before the size was refused");
        }

        @Test
        void absurdTensorIsRefusedBeforeAllocating() {
            AtomicLong evaluated = new AtomicLong();
            Throwable t = thrownBy(() -> Tensor3.fromFunction(1 << 10, 1 << 10, 1 << 10, (i, j, k) -> {
                evaluated.incrementAndGet();
                return 0.0;
            }));
            assertInstanceOf(IllegalArgumentException.class, t, "2³⁰ entries must be refused, not attempted: " + t);
            assertMentions(t.getMessage(), "more than", "1024");
            assertEquals(0, evaluated.get());
        }

        @Test
        void intOverflowingDimensionsAreRefused() {
            // 65536 × 65536 = 2³² overflows int to 0; the check must be done in long
            Throwable t = thrownBy(() -> Matrix.zeros(1 << 16, 1 << 16));
            assertInstanceOf(IllegalArgumentException.class, t, String.valueOf(t));
            assertMentions(t.getMessage(), "more than", "65536");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#algebras")
        void absurdProductResultsAreRefusedBeforeAllocating(String name, SeedAlgebra algebra) {
            // two vectors of 2¹⁵ entries are cheap; their outer product (2³⁰ entries) and diag are not
            Vector big = Vector.zeros(1 << 15);
            Throwable outer = thrownBy(() -> algebra.outer(big, big));
            assertInstanceOf(IllegalArgumentException.class, outer, String.valueOf(outer));
            assertMentions(outer.getMessage(), "more than", "32768");
            Throwable diag = thrownBy(() -> algebra.diag(big));
            assertInstanceOf(IllegalArgumentException.class, diag, String.valueOf(diag));
            assertMentions(diag.getMessage(), "more than", "32768");
        }

        /**
         * A vector of absurd length must be refused like a matrix of absurd size, with an IllegalArgumentException
         * naming the length, before its entries are allocated or evaluated.
         */
        @Test
        void absurdVectorIsRefusedBeforeAllocating() {
            AtomicLong evaluated = new AtomicLong();
            Throwable t = thrownBy(() -> Vector.fromFunction(Integer.MAX_VALUE, i -> {
                evaluated.incrementAndGet();
                return 0.0;
            }));
            assertInstanceOf(IllegalArgumentException.class, t,
                    "Vector.fromFunction(Integer.MAX_VALUE, …) must be refused with a message, not attempted; got " + t);
            assertMentions(t.getMessage(), String.valueOf(Integer.MAX_VALUE));
            assertEquals(0, evaluated.get());
        }

        @Test
        void zeroAndNegativeDimensionsAreRefused() {
            List<Supplier<Object>> calls = List.of(
                    () -> Matrix.fromFunction(0, 3, (i, j) -> 0.0),
                    () -> Matrix.fromFunction(3, 0, (i, j) -> 0.0),
                    () -> Matrix.zeros(-1, 2),
                    () -> Matrix.identity(0),
                    () -> Matrix.of(0, 0),
                    () -> Tensor3.fromFunction(2, 0, 2, (i, j, k) -> 0.0),
                    () -> Tensor3.fromFunction(2, 2, -3, (i, j, k) -> 0.0),
                    () -> Vector.fromFunction(0, i -> 0.0),
                    () -> Vector.zeros(-2),
                    () -> Vector.of());
            for (Supplier<Object> call : calls) {
                Throwable t = thrownBy(call::get);
                assertInstanceOf(IllegalArgumentException.class, t, String.valueOf(t));
                assertTrue(t.getMessage().contains("at least 1") || t.getMessage().contains("at least one"),
                        "message does not say what is required: " + t.getMessage());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#algebras")
        void identityTensorRefusesNonPositiveM(String name, SeedAlgebra algebra) {
            for (int m : new int[] {0, -1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> algebra.identityTensor(m, filled(3)));
                assertMentions(e.getMessage(), "I_m⊗x", "at least 1", String.valueOf(m));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.backprop.verification.spec.SpecValidationTest#jacobians")
        void jacobiansRefuseNonPositiveH(String name, LinearLayerJacobians jacobians) {
            for (int h : new int[] {0, -4}) {
                IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                        () -> jacobians.dzdW(filled(3), h));
                assertMentions(w.getMessage(), "∂z/∂W", "at least 1", String.valueOf(h));
                IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> jacobians.dzdb(h));
                assertMentions(b.getMessage(), "∂z/∂b", "at least 1", String.valueOf(h));
            }
        }

        @Test
        void augmentedJacobianRefusesNonPositiveH() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ReferenceJacobians().dzdWTilde(filled(3).augmented(), 0));
            assertMentions(e.getMessage(), "∂z/∂W̃", "at least 1");
        }
    }

    // ---- layouts -------------------------------------------------------------------------------------------

    @Nested
    class Layouts {
        /** A numerator-layout gradient of a network d=4, h=3, n=2: W1 d×h, b1 1×h, W2 h×n, b2 1×n. */
        private ShallowGradient numerator() {
            return new ShallowGradient(Layout.NUMERATOR, filled(4, 3), filled(1, 3), filled(3, 2), filled(1, 2));
        }

        @Test
        void shallowGradientConversionIsATranspose() {
            ShallowGradient num = numerator();
            ShallowGradient den = num.in(Layout.DENOMINATOR);
            assertEquals(Layout.DENOMINATOR, den.layout());
            for (ShallowParameter p : ShallowParameter.values()) {
                Matrix a = num.get(p);
                Matrix b = den.get(p);
                assertEquals(a.cols(), b.rows(), p.seedName());
                assertEquals(a.rows(), b.cols(), p.seedName());
                for (int i = 0; i < a.rows(); i++) {
                    for (int j = 0; j < a.cols(); j++) {
                        // (∂ℓ/∂W)_ij in numerator layout is ∂ℓ/∂w_ji, entry (j, i) in denominator layout
                        assertEquals(a.get(i, j), b.get(j, i), p.seedName() + " at (" + i + ", " + j + ")");
                    }
                }
            }
            assertEquals(List.of(3, 4), List.of(den.w1().rows(), den.w1().cols()), "∂ℓ/∂W1 has W1's shape h×d");
            assertEquals(List.of(3, 1), List.of(den.b1().rows(), den.b1().cols()), "∂ℓ/∂b1 is the column h×1");
        }

        @Test
        void shallowGradientRoundTrips() {
            ShallowGradient num = numerator();
            ShallowGradient back = num.in(Layout.DENOMINATOR).in(Layout.NUMERATOR);
            assertEquals(Layout.NUMERATOR, back.layout());
            for (ShallowParameter p : ShallowParameter.values()) {
                assertEquals(num.get(p), back.get(p), p.seedName());
            }
            assertSame(num, num.in(Layout.NUMERATOR), "converting to the same layout changes nothing");
        }

        @Test
        void shallowGradientAccessorsNameTheFourParameters() {
            ShallowGradient g = numerator();
            assertAll(() -> assertEquals(g.get(ShallowParameter.W1), g.w1()),
                    () -> assertEquals(g.get(ShallowParameter.B1), g.b1()),
                    () -> assertEquals(g.get(ShallowParameter.W2), g.w2()),
                    () -> assertEquals(g.get(ShallowParameter.B2), g.b2()),
                    () -> assertEquals(List.of("W1", "b1", "W2", "b2"),
                            Stream.of(ShallowParameter.values()).map(ShallowParameter::seedName).toList()));
        }

        @Test
        void augmentedGradientConversionIsATransposeAndRoundTrips() {
            AugmentedGradient num = new AugmentedGradient(Layout.NUMERATOR, filled(5, 3), filled(4, 2));
            AugmentedGradient den = num.in(Layout.DENOMINATOR);
            assertEquals(Layout.DENOMINATOR, den.layout());
            assertEquals(num.w1Tilde().transpose(), den.w1Tilde());
            assertEquals(num.w2Tilde().transpose(), den.w2Tilde());
            AugmentedGradient back = den.in(Layout.NUMERATOR);
            assertEquals(num.w1Tilde(), back.w1Tilde());
            assertEquals(num.w2Tilde(), back.w2Tilde());
            assertSame(den, den.in(Layout.DENOMINATOR));
        }

        @Test
        void shallowGradientRefusesABiasInTheOtherLayout() {
            // numerator layout wants ∂ℓ/∂b1 as the row 1×h; the column h×1 is the denominator layout's
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new ShallowGradient(
                    Layout.NUMERATOR, filled(4, 3), filled(3, 1), filled(3, 2), filled(1, 2)));
            assertMentions(e.getMessage(), "numerator layout", "∂ℓ/∂W1 is 4×3", "∂ℓ/∂b1 is 3×1");
        }

        @Test
        void shallowGradientRefusesNumeratorShapesDeclaredDenominator() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new ShallowGradient(
                    Layout.DENOMINATOR, filled(4, 3), filled(1, 3), filled(3, 2), filled(1, 2)));
            assertMentions(e.getMessage(), "denominator layout", "∂ℓ/∂W1 is 4×3", "∂ℓ/∂b1 is 1×3");
        }

        @Test
        void shallowGradientRefusesW2ThatDisagreesOnH() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new ShallowGradient(
                    Layout.NUMERATOR, filled(4, 3), filled(1, 3), filled(5, 2), filled(1, 2)));
            assertMentions(e.getMessage(), "∂ℓ/∂W1 is 4×3", "∂ℓ/∂W2 is 5×2", "h");
        }

        @Test
        void shallowGradientRefusesB2OfTheWrongLength() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new ShallowGradient(
                    Layout.NUMERATOR, filled(4, 3), filled(1, 3), filled(3, 2), filled(1, 3)));
            assertMentions(e.getMessage(), "∂ℓ/∂W2 is 3×2", "∂ℓ/∂b2 is 1×3");
        }

        @Test
        void gradientsRefuseAMissingLayout() {
            assertThrows(IllegalArgumentException.class,
                    () -> new ShallowGradient(null, filled(4, 3), filled(1, 3), filled(3, 2), filled(1, 2)));
            assertThrows(IllegalArgumentException.class, () -> new AugmentedGradient(null, filled(5, 3), filled(4, 2)));
        }

        @Test
        void augmentedGradientRefusesInconsistentShapes() {
            // numerator layout: W̃1 is (d+1)×h = 5×3, so W̃2 must be (h+1)×n with h + 1 = 4 rows
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new AugmentedGradient(Layout.NUMERATOR, filled(5, 3), filled(3, 2)));
            assertMentions(e.getMessage(), "numerator layout", "∂ℓ/∂W̃1 is 5×3", "∂ℓ/∂W̃2 is 3×2");
        }
    }

    // ---- activations ---------------------------------------------------------------------------------------

    @Nested
    class Activations {
        /**
         * K for every rounding comparison below ({@link Tolerances}): each closed form written here, and each
         * formula the spec documents, has at most one sum of two terms (1 + e^z, e^z ± e^−z, 1 − σ, 1 − tanh²z,
         * max(z, 0) + log1p(e^−|z|)); the exponentials, logarithms, divisions, products and Math.tanh (within
         * 2.5 ulps) are elementary operations.
         */
        private final int k = Tolerances.accumulation(2);

        /** The rounding rule: |actual − expected| ≤ ε·K·gauge, with the gauge derived at each call. */
        private void rounds(double expected, double actual, double gauge, String what) {
            double scaled = Tolerances.scaledRoundingError(actual, expected, gauge, k);
            assertTrue(scaled <= Tolerances.ROUNDING_THRESHOLD,
                    () -> what + ": got " + actual + ", want " + expected + ", scaled error " + scaled);
        }

        @Test
        void identity() {
            // σ(z) = z and σ'(z) = 1 involve no arithmetic: exact equality.
            for (double z : new double[] {-3.5, 0.0, 2.25}) {
                assertEquals(z, Activation.IDENTITY.value(z), 0.0, "σ(" + z + ")");
                assertEquals(1.0, Activation.IDENTITY.derivative(z), 0.0, "σ'(" + z + ")"); // d/dz z = 1
            }
        }

        @Test
        void sigmoid() {
            // Gauges. σ(z) = 1/(1 + e^−z) of an exact z is an exponential, a sum of two positive terms and a
            // division, each with a small relative error (the spec's e^z/(1 + e^z) for z < 0 likewise): the gauge
            // is |σ(z)|. σ'(z): the closed form e^−z/(1 + e^−z)² has positive terms only (gauge |σ'(z)|), the
            // spec's σ(1 − σ) gives σ(1 + σ) on magnitudes, which covers the cancellation in 1 − σ and the other.
            rounds(0.5, Activation.SIGMOID.value(0.0), 0.5, "σ(0)"); // 1/(1 + e⁰) = 1/2
            rounds(0.25, Activation.SIGMOID.derivative(0.0), 0.5 * (1.0 + 0.5), "σ'(0)"); // σ(0)(1 − σ(0)) = 1/4
            for (double z : new double[] {-2.0, -0.5, 1.0, 3.0}) {
                double e = Math.exp(-z);
                double s = 1.0 / (1.0 + e);
                rounds(s, Activation.SIGMOID.value(z), s, "σ(" + z + ")");
                // σ'(z) = e^−z / (1 + e^−z)²
                rounds(e / ((1.0 + e) * (1.0 + e)), Activation.SIGMOID.derivative(z), s * (1.0 + s), "σ'(" + z + ")");
            }
            // Far in the tails the definition's e^−z overflows; the value must still be finite and correct. The true
            // values lie within e^−800 < 2⁻¹⁰⁷⁵ of 0 or 1, so their nearest doubles are exactly 0 and 1, and the
            // spec's overflow-free formulas reach them with nothing left to round (e^−800 underflows to 0, then
            // 1 + 0, 1/1, 1 − 1 and 0·1 are exact): exact equality.
            assertEquals(0.0, Activation.SIGMOID.value(-800.0), 0.0, "σ(−800)"); // e^−800/(1 + e^−800) → 0
            assertEquals(1.0, Activation.SIGMOID.value(800.0), 0.0, "σ(800)"); // 1/(1 + e^−800) → 1
            assertEquals(0.0, Activation.SIGMOID.derivative(800.0), 0.0, "σ'(800)"); // e^−800/(1+e^−800)² → 0
            assertEquals(0.0, Activation.SIGMOID.derivative(-800.0), 0.0, "σ'(−800)"); // e^−800 → 0
        }

        @Test
        void tanh() {
            // tanh is odd, so tanh 0 = 0, and Math.tanh returns a zero of the argument's sign: exact.
            assertEquals(0.0, Activation.TANH.value(0.0), 0.0, "tanh 0");
            // 1/cosh² 0 = 1; the spec's 1 − tanh² 0 gives 1 + tanh² 0 = 1 on magnitudes: gauge 1
            rounds(1.0, Activation.TANH.derivative(0.0), 1.0, "tanh' 0");
            for (double z : new double[] {-1.5, 0.5, 2.0}) {
                double ez = Math.exp(z);
                double emz = Math.exp(-z);
                double t = (ez - emz) / (ez + emz);
                // the difference of two exponentials on magnitudes is their sum: gauge (e^z + e^−z)/(e^z + e^−z) = 1
                rounds(t, Activation.TANH.value(z), 1.0, "tanh " + z);
                double cosh = (ez + emz) / 2.0;
                // tanh'(z) = 1/cosh² z = 4/(e^z + e^−z)², positive terms only; the spec's 1 − tanh²z gives the
                // larger gauge 1 + tanh²z
                rounds(1.0 / (cosh * cosh), Activation.TANH.derivative(z), 1.0 + t * t, "tanh' " + z);
            }
        }

        @Test
        void softplus() {
            // log(1 + e⁰) = log 2, and the spec's max(0, 0) + log1p(e⁰) has nonnegative terms: gauge log 2
            rounds(Math.log(2.0), Activation.SOFTPLUS.value(0.0), Math.log(2.0), "softplus 0");
            // 1/(1 + e⁰) = 1/2, positive terms only: gauge 1/2
            rounds(0.5, Activation.SOFTPLUS.derivative(0.0), 0.5, "softplus' 0");
            for (double z : new double[] {-3.0, -0.25, 1.0, 4.0}) {
                double w = 1.0 + Math.exp(z);
                // log w turns w's relative rounding into an absolute error: gauge log w + w/w = log w + 1 (the
                // spec's max(z, 0) + log1p(e^−|z|) has nonnegative terms, gauge log w, which this covers)
                rounds(Math.log(w), Activation.SOFTPLUS.value(z), Math.log(w) + 1.0, "softplus " + z);
                // softplus'(z) = e^z/(1 + e^z), positive terms only: gauge |softplus'(z)|
                double slope = Math.exp(z) / w;
                rounds(slope, Activation.SOFTPLUS.derivative(z), slope, "softplus' " + z);
            }
            // log(1 + e^800) = 800 + log(1 + e^−800) = 800 to double precision; e^800 alone overflows to +∞.
            // As for σ's tails: the true values lie within e^−800 of 800, 1 and 0, whose nearest doubles are those
            // numbers exactly, and the spec's max(z, 0) + log1p(e^−|z|) reaches them with nothing left to round
            // (e^−800 underflows to 0, log1p(0) = 0, 800 + 0): exact equality.
            double big = Activation.SOFTPLUS.value(800.0);
            assertTrue(Double.isFinite(big), "softplus(800) overflowed: " + big);
            assertEquals(800.0, big, 0.0, "softplus 800");
            assertEquals(1.0, Activation.SOFTPLUS.derivative(800.0), 0.0, "softplus' 800"); // e^800/(1 + e^800) → 1
            assertEquals(0.0, Activation.SOFTPLUS.value(-800.0), 0.0, "softplus −800"); // log(1 + e^−800) → 0
            assertEquals(0.0, Activation.SOFTPLUS.derivative(-800.0), 0.0, "softplus' −800"); // → 0
        }

        @Test
        void relu() {
            // ReLU compares and returns z or 0: no arithmetic, exact equality.
            assertEquals(2.5, Activation.RELU.value(2.5), 0.0, "relu 2.5");
            assertEquals(1.0, Activation.RELU.derivative(2.5), 0.0, "relu' 2.5"); // z > 0: d/dz z = 1
            assertEquals(0.0, Activation.RELU.value(-1.0), 0.0, "relu −1");
            assertEquals(0.0, Activation.RELU.derivative(-1.0), 0.0, "relu' −1"); // z < 0: d/dz 0 = 0
            assertEquals(0.0, Activation.RELU.value(0.0), 0.0, "relu 0");
            // no derivative at 0: σ'(0) = 0 by convention
            assertEquals(0.0, Activation.RELU.derivative(0.0), 0.0, "relu' 0");
            assertEquals(1.0, Activation.RELU.derivative(Double.MIN_VALUE), 0.0,
                    "relu' of the smallest positive double");
        }

        @Test
        void namedFindsEachActivationIgnoringCase() {
            for (Activation a : Activation.values()) {
                assertSame(a, Activation.named(a.name().toLowerCase(Locale.ROOT)));
                assertSame(a, Activation.named(a.name()));
            }
            assertSame(Activation.TANH, Activation.named("TaNh"));
        }

        @Test
        void namedRefusesUnknownNamesListingTheKnownOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.named("swish"));
            assertMentions(e.getMessage(), "swish", "identity", "sigmoid", "tanh", "softplus", "relu");
        }
    }

    // ---- inputs are never kept or modified -----------------------------------------------------------------

    @Nested
    class Immutability {
        @Test
        void vectorOfCopiesItsArray() {
            double[] values = {1.0, 2.0, 3.0};
            Vector v = Vector.of(values);
            values[0] = 99.0;
            assertEquals(1.0, v.get(0));
            double[] out = v.toArray();
            out[1] = 99.0;
            assertEquals(2.0, v.get(1), "toArray must hand out a copy");
        }

        @Test
        void matrixOfCopiesItsArray() {
            double[] values = {1.0, 2.0, 3.0, 4.0};
            Matrix m = Matrix.of(2, 2, values);
            values[3] = 99.0;
            assertEquals(4.0, m.get(1, 1));
            double[] out = m.toArray();
            out[0] = 99.0;
            assertEquals(1.0, m.get(0, 0), "toArray must hand out a copy");
        }

        @Test
        void fromRowsCopiesItsRows() {
            double[] row0 = {1.0, 2.0};
            double[] row1 = {3.0, 4.0};
            Matrix m = Matrix.fromRows(row0, row1);
            row0[0] = 99.0;
            row1[1] = 99.0;
            assertEquals(Matrix.of(2, 2, 1.0, 2.0, 3.0, 4.0), m);
        }

        @Test
        void reindexingsLeaveTheirOperandsUnchanged() {
            Matrix m = filled(3, 4);
            Matrix before = Matrix.of(3, 4, m.toArray());
            m.transpose();
            m.appendColumn(filled(3));
            m.rowRange(1, 3);
            assertEquals(before, m);
            Vector x = filled(3);
            Vector xBefore = Vector.of(x.toArray());
            x.augmented();
            assertEquals(xBefore, x);
            assertEquals(4, x.augmented().size());
            assertEquals(1.0, x.augmented().get(3), "x̃ = (x, 1)");
        }
    }
}
