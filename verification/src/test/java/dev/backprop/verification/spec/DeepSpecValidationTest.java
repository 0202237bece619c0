package dev.backprop.verification.spec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepParameter;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.NonFiniteValueException;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.ShapeMismatchException;
import dev.backprop.spec.Vector;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The spec's deep-network types as an input boundary and as definitions: {@link DeepNetwork} refuses every shape
 * that does not chain and every NaN/Inf, naming the parameter and the entry; {@link DeepGradient} checks its shapes
 * in both layouts and converts by transposing; {@link Loss}, {@link Reduction} and {@link Objective} match values
 * computed by hand beside each assertion; leaky ReLU and the kink queries of {@link Activation} match their
 * closed forms; nothing handed in is kept mutable or modified.
 */
class DeepSpecValidationTest {

    /** ε = 2⁻⁵², the spacing of doubles at 1. */
    private static final double EPS = 0x1p-52;

    private static Matrix filled(int rows, int cols) {
        return Matrix.fromFunction(rows, cols, (i, j) -> 0.1 * (i + 1) - 0.05 * j);
    }

    private static Matrix with(Matrix m, int row, int col, double value) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> i == row && j == col ? value : m.get(i, j));
    }

    private static Vector with(Vector v, int at, double value) {
        return Vector.fromFunction(v.size(), i -> i == at ? value : v.get(i));
    }

    private static Vector b1() {
        return Vector.of(0.1, -0.2, 0.3, -0.4);
    }

    private static Vector b2() {
        return Vector.of(0.5, 0.0, -0.5);
    }

    private static Vector b3() {
        return Vector.of(1.0, -1.0);
    }

    /**
     * The network used throughout: L = 3, widths n0 = d = 3, n1 = 4, n2 = 3, n3 = n = 2; W1 4×3, b1 4, W2 3×4,
     * b2 3, W3 2×3, b3 2; σ1 = tanh, σ2 = leaky ReLU.
     */
    private static DeepNetwork deep() {
        return new DeepNetwork(List.of(filled(4, 3), filled(3, 4), filled(2, 3)), List.of(b1(), b2(), b3()),
                List.of(Activation.TANH, Activation.LEAKY_RELU));
    }

    /** {@link #deep()}'s lists with one weight and one bias replaced, for the refusals. */
    private static DeepNetwork deepWith(Matrix w1, Vector b1, Matrix w2, Vector b2, Matrix w3, Vector b3) {
        return new DeepNetwork(List.of(w1, w2, w3), List.of(b1, b2, b3),
                List.of(Activation.TANH, Activation.LEAKY_RELU));
    }

    /** A list that may hold nulls (List.of may not). */
    @SafeVarargs
    private static <T> List<T> nullable(T... items) {
        List<T> out = new ArrayList<>();
        for (T item : items) {
            out.add(item);
        }
        return out;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message != null && message.contains(part),
                    "message does not mention '" + part + "': " + message);
        }
    }

    /** Runs {@code call} and returns what it threw, or fails. */
    private static Throwable thrownBy(Executable call) {
        try {
            call.execute();
        } catch (Throwable t) {
            return t;
        }
        return fail("nothing was thrown");
    }

    /**
     * K for the rounding comparisons of losses below ({@link Tolerances}): the longest accumulation in either
     * computation has at most 3 terms (Σ_j e^{ŷ_j − m} or Σ_i y_i(…) over n ≤ 3 outputs, or the hand formula's
     * sum of three exponentials); exp, log, the shifts and products are elementary operations.
     */
    private static final int K = Tolerances.accumulation(3);

    /** The rounding rule: |actual − expected| ≤ ε·K·gauge. */
    private static void rounds(double expected, double actual, double gauge, String what) {
        assertTrue(Double.isFinite(actual), () -> what + ": not finite: " + actual);
        double scaled = Tolerances.scaledRoundingError(actual, expected, gauge, K);
        assertTrue(scaled <= Tolerances.ROUNDING_THRESHOLD,
                () -> what + ": got " + actual + ", want " + expected + ", scaled error " + scaled);
    }

    // ---- DeepNetwork: accepted networks and what they report -----------------------------------------------

    @Nested
    class AcceptedNetworks {
        @Test
        void depthOneIsTheAffineModelWithoutActivations() {
            // ŷ = W1 x + b1 with W1 2×3: d = 3, n = 2, no hidden layer
            DeepNetwork net = new DeepNetwork(List.of(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6)), List.of(Vector.of(7, 8)),
                    List.of());
            assertAll(
                    () -> assertEquals(1, net.depth()),
                    () -> assertEquals(3, net.width(0)), // n0 = columns of W1
                    () -> assertEquals(2, net.width(1)), // n1 = rows of W1
                    () -> assertEquals(3, net.inputSize()),
                    () -> assertEquals(2, net.outputSize()),
                    () -> assertEquals(8L, net.parameterCount()), // n1 (n0 + 1) = 2 · 4
                    () -> assertEquals(List.of("W1", "b1"), seedNames(net.parameters())),
                    () -> assertEquals("d=3 →n=2", net.describe()),
                    () -> assertEquals(Matrix.of(2, 3, 1, 2, 3, 4, 5, 6), net.weight(1)),
                    () -> assertEquals(Vector.of(7, 8), net.bias(1)),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.activation(1))
                            .getMessage(), "hidden layers", "got 1"));
        }

        @Test
        void depthThreeReportsItsWidthsAndParameters() {
            DeepNetwork net = deep();
            assertAll(
                    () -> assertEquals(3, net.depth()),
                    // n_k = rows of W_k, n0 = columns of W1: W1 4×3, W2 3×4, W3 2×3
                    () -> assertEquals(List.of(3, 4, 3, 2),
                            List.of(net.width(0), net.width(1), net.width(2), net.width(3))),
                    () -> assertEquals(3, net.inputSize()),
                    () -> assertEquals(2, net.outputSize()),
                    // Σ n_k (n_{k−1} + 1) = 4·(3+1) + 3·(4+1) + 2·(3+1) = 16 + 15 + 8 = 39
                    () -> assertEquals(39L, net.parameterCount()),
                    () -> assertEquals(List.of("W1", "b1", "W2", "b2", "W3", "b3"), seedNames(net.parameters())),
                    () -> assertEquals(List.of(true, false, true, false, true, false),
                            net.parameters().stream().map(DeepParameter::isWeight).toList()),
                    () -> assertEquals(List.of(1, 1, 2, 2, 3, 3),
                            net.parameters().stream().map(DeepParameter::layer).toList()),
                    () -> assertEquals("d=3 →4 tanh →3 leaky_relu →n=2", net.describe()),
                    () -> assertSame(Activation.TANH, net.activation(1)),
                    () -> assertSame(Activation.LEAKY_RELU, net.activation(2)),
                    () -> assertMentions(net.toString(), "DeepNetwork[", "d=3 →4 tanh →3 leaky_relu →n=2"));
        }

        @Test
        void depthFiveWithTheOtherActivations() {
            // widths 2 → 3 → 1 → 4 → 2 → 1
            DeepNetwork net = new DeepNetwork(
                    List.of(filled(3, 2), filled(1, 3), filled(4, 1), filled(2, 4), filled(1, 2)),
                    List.of(Vector.zeros(3), Vector.zeros(1), Vector.zeros(4), Vector.zeros(2), Vector.zeros(1)),
                    List.of(Activation.SIGMOID, Activation.RELU, Activation.SOFTPLUS, Activation.IDENTITY));
            assertAll(
                    () -> assertEquals(5, net.depth()),
                    () -> assertEquals("d=2 →3 sigmoid →1 relu →4 softplus →2 identity →n=1", net.describe()),
                    // 3·(2+1) + 1·(3+1) + 4·(1+1) + 2·(4+1) + 1·(2+1) = 9 + 4 + 8 + 10 + 3 = 34
                    () -> assertEquals(34L, net.parameterCount()),
                    () -> assertEquals(10, net.parameters().size()), // two per layer
                    () -> assertEquals(List.of(2, 3, 1, 4, 2, 1), Stream.of(0, 1, 2, 3, 4, 5).map(net::width)
                            .toList()));
        }

        @Test
        void getReturnsTheWeightAndTheBiasAsAColumn() {
            DeepNetwork net = deep();
            assertAll(
                    // W2's entries as built: 0.1 (i+1) − 0.05 j
                    () -> assertEquals(filled(3, 4), net.get(DeepParameter.weight(2))),
                    // b2 = (0.5, 0, −0.5) as the 3×1 column
                    () -> assertEquals(Matrix.of(3, 1, 0.5, 0.0, -0.5), net.get(DeepParameter.bias(2))),
                    // b3 = (1, −1) as the 2×1 column
                    () -> assertEquals(Matrix.of(2, 1, 1.0, -1.0), net.get(DeepParameter.bias(3))),
                    () -> assertEquals(Vector.of(0.1, -0.2, 0.3, -0.4), net.bias(1)),
                    () -> assertThrows(IndexOutOfBoundsException.class, () -> net.get(DeepParameter.weight(4))),
                    () -> assertThrows(IndexOutOfBoundsException.class, () -> net.get(DeepParameter.bias(4))));
        }

        @Test
        void ofShallowNetworkKeepsTheValues() {
            // the seed's network with d = 2, h = 3, n = 1
            ShallowNetwork shallow = new ShallowNetwork(Matrix.of(3, 2, 1, 2, 3, 4, 5, 6), Vector.of(0.1, 0.2, 0.3),
                    Matrix.of(1, 3, 7, 8, 9), Vector.of(-1), Activation.SOFTPLUS);
            DeepNetwork net = DeepNetwork.of(shallow);
            assertAll(
                    () -> assertEquals(2, net.depth()),
                    () -> assertEquals(Matrix.of(3, 2, 1, 2, 3, 4, 5, 6), net.weight(1)),
                    () -> assertEquals(Vector.of(0.1, 0.2, 0.3), net.bias(1)),
                    () -> assertEquals(Matrix.of(1, 3, 7, 8, 9), net.weight(2)),
                    () -> assertEquals(Vector.of(-1), net.bias(2)),
                    () -> assertSame(Activation.SOFTPLUS, net.activation(1)),
                    () -> assertEquals("d=2 →3 softplus →n=1", net.describe()),
                    // h (d + 1) + n (h + 1) = 3·3 + 1·4 = 13
                    () -> assertEquals(13L, net.parameterCount()));
        }

        @Test
        void maximumDepthIsAccepted() {
            int depth = DeepNetwork.MAX_DEPTH;
            DeepNetwork net = new DeepNetwork(Collections.nCopies(depth, Matrix.of(1, 1, 0.5)),
                    Collections.nCopies(depth, Vector.of(0.0)), Collections.nCopies(depth - 1, Activation.TANH));
            assertEquals(depth, net.depth());
            assertEquals(2L * depth, net.parameterCount()); // each layer 1·(1 + 1)
        }

        @Test
        void indexErrors() {
            DeepNetwork net = deep();
            assertAll(
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.weight(0))
                            .getMessage(), "1..3", "got 0"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.weight(4))
                            .getMessage(), "1..3", "got 4"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.bias(0))
                            .getMessage(), "1..3", "got 0"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.bias(4))
                            .getMessage(), "1..3", "got 4"),
                    // L = 3 has hidden layers 1 and 2 only: the output layer is linear
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.activation(3))
                            .getMessage(), "hidden layers are 1..2", "got 3"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.activation(0))
                            .getMessage(), "got 0"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.width(-1))
                            .getMessage(), "n0..n3", "n-1"),
                    () -> assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> net.width(4))
                            .getMessage(), "n0..n3", "n4"));
        }
    }

    private static List<String> seedNames(List<DeepParameter> parameters) {
        return parameters.stream().map(DeepParameter::seedName).toList();
    }

    // ---- DeepNetwork: refusals -----------------------------------------------------------------------------

    @Nested
    class RefusedNetworks {
        @Test
        void nullListsAreRefused() {
            List<Matrix> w = List.of(filled(2, 3));
            List<Vector> b = List.of(Vector.zeros(2));
            List<Activation> a = List.of();
            assertAll(
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> new DeepNetwork(null, b, a)).getMessage(), "weights", "required"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> new DeepNetwork(w, null, a)).getMessage(), "biases", "required"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> new DeepNetwork(w, b, null)).getMessage(), "activations", "required"));
        }

        @Test
        void nullEntriesAreRefusedNamingTheLayer() {
            assertAll(
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            nullable(filled(4, 3), null, filled(2, 3)), List.of(b1(), b2(), b3()),
                            List.of(Activation.TANH, Activation.LEAKY_RELU))).getMessage(), "W2", "missing"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            List.of(filled(4, 3), filled(3, 4), filled(2, 3)), nullable(b1(), b2(), null),
                            List.of(Activation.TANH, Activation.LEAKY_RELU))).getMessage(), "b3", "missing"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            List.of(filled(4, 3), filled(3, 4), filled(2, 3)), List.of(b1(), b2(), b3()),
                            nullable(Activation.TANH, null))).getMessage(), "activation", "hidden layer 2",
                            "missing"));
        }

        @Test
        void depthZeroAndBeyondTheMaximumAreRefused() {
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> new DeepNetwork(List.of(), List.of(), List.of()));
            assertMentions(zero.getMessage(), "1 to " + DeepNetwork.MAX_DEPTH, "got 0");
            int depth = DeepNetwork.MAX_DEPTH + 1;
            IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                    () -> new DeepNetwork(Collections.nCopies(depth, Matrix.of(1, 1, 0.5)),
                            Collections.nCopies(depth, Vector.of(0.0)),
                            Collections.nCopies(depth - 1, Activation.TANH)));
            assertMentions(deep.getMessage(), "1 to " + DeepNetwork.MAX_DEPTH, "got " + depth);
        }

        @Test
        void countMismatchesAreRefused() {
            assertAll(
                    // 3 weights, 2 biases
                    () -> assertEquals("3 weight matrices need 3 bias vectors, got 2",
                            assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                                    List.of(filled(4, 3), filled(3, 4), filled(2, 3)), List.of(b1(), b2()),
                                    List.of(Activation.TANH, Activation.LEAKY_RELU))).getMessage()),
                    // 3 layers have 2 hidden layers; 1 activation given
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            List.of(filled(4, 3), filled(3, 4), filled(2, 3)), List.of(b1(), b2(), b3()),
                            List.of(Activation.TANH))).getMessage(), "2 hidden layers", "got 1 activations",
                            "output layer is linear"),
                    // 3 activations, one too many: the output layer has none
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            List.of(filled(4, 3), filled(3, 4), filled(2, 3)), List.of(b1(), b2(), b3()),
                            List.of(Activation.TANH, Activation.RELU, Activation.TANH))).getMessage(),
                            "2 hidden layers", "got 3 activations"),
                    // depth 1 takes no activation
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepNetwork(
                            List.of(filled(2, 3)), List.of(Vector.zeros(2)), List.of(Activation.TANH))).getMessage(),
                            "0 hidden layers", "got 1 activations"));
        }

        @Test
        void biasOfTheWrongLength() {
            // b2 has 2 entries, W2 3 rows
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> deepWith(filled(4, 3), b1(),
                    filled(3, 4), Vector.of(1, 2), filled(2, 3), b3()));
            assertEquals("layer 2: W2 is 3×4 but b2 is 2; b2 needs one entry per row of W2", e.getMessage());
        }

        @Test
        void widthsThatDoNotChain() {
            // W3 2×4 after W2 3×4: W3 needs n2 = 3 columns
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> deepWith(filled(4, 3), b1(),
                    filled(3, 4), b2(), filled(2, 4), b3()));
            assertEquals("layers 2 and 3: W2 is 3×4 but W3 is 2×4; W3 needs one column per row of W2",
                    e.getMessage());
            // W2 3×5 after W1 4×3: W2 needs n1 = 4 columns
            ShapeMismatchException first = assertThrows(ShapeMismatchException.class, () -> deepWith(filled(4, 3),
                    b1(), filled(3, 5), b2(), filled(2, 3), b3()));
            assertMentions(first.getMessage(), "W1 is 4×3", "W2 is 3×5", "W2 needs one column per row of W1");
        }

        @Test
        void nonFiniteWeightsNameTheParameterAndTheEntry() {
            assertAll(
                    () -> assertEquals("W2 (3×4) has NaN at (2, 1)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(filled(4, 3), b1(), with(filled(3, 4), 2, 1, Double.NaN), b2(),
                                    filled(2, 3), b3())).getMessage()),
                    () -> assertEquals("W1 (4×3) has +Infinity at (3, 0)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(with(filled(4, 3), 3, 0, Double.POSITIVE_INFINITY), b1(), filled(3, 4),
                                    b2(), filled(2, 3), b3())).getMessage()),
                    () -> assertEquals("W3 (2×3) has -Infinity at (0, 2)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(filled(4, 3), b1(), filled(3, 4), b2(),
                                    with(filled(2, 3), 0, 2, Double.NEGATIVE_INFINITY), b3())).getMessage()));
        }

        @Test
        void nonFiniteBiasesNameTheParameterAndTheEntry() {
            assertAll(
                    () -> assertEquals("b1 (4) has NaN at (3)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(filled(4, 3), with(b1(), 3, Double.NaN), filled(3, 4), b2(), filled(2, 3),
                                    b3())).getMessage()),
                    () -> assertEquals("b2 (3) has -Infinity at (0)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(filled(4, 3), b1(), filled(3, 4), with(b2(), 0, Double.NEGATIVE_INFINITY),
                                    filled(2, 3), b3())).getMessage()),
                    () -> assertEquals("b3 (2) has +Infinity at (1)", assertThrows(NonFiniteValueException.class,
                            () -> deepWith(filled(4, 3), b1(), filled(3, 4), b2(), filled(2, 3),
                                    with(b3(), 1, Double.POSITIVE_INFINITY))).getMessage()));
        }

        @Test
        void nonFiniteInTheOnlyLayerOfDepthOne() {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> new DeepNetwork(
                    List.of(with(filled(2, 3), 1, 2, Double.NaN)), List.of(Vector.zeros(2)), List.of()));
            assertEquals("W1 (2×3) has NaN at (1, 2)", e.getMessage());
        }
    }

    // ---- DeepParameter -------------------------------------------------------------------------------------

    @Nested
    class Parameters {
        @Test
        void namesAsTheSeedDoes() {
            assertAll(
                    () -> assertEquals("W3", DeepParameter.weight(3).seedName()),
                    () -> assertEquals("b1", DeepParameter.bias(1).seedName()),
                    () -> assertEquals("W3", DeepParameter.weight(3).toString()),
                    () -> assertEquals("W2 (layer 2 weights)", DeepParameter.weight(2).describe()),
                    () -> assertEquals("b1 (layer 1 bias)", DeepParameter.bias(1).describe()),
                    () -> assertTrue(DeepParameter.weight(5).isWeight()),
                    () -> assertFalse(DeepParameter.bias(5).isWeight()),
                    () -> assertEquals(new DeepParameter(4, true), DeepParameter.weight(4)),
                    () -> assertEquals(new DeepParameter(4, false), DeepParameter.bias(4)));
        }

        @Test
        void layersBelowOneAreRefused() {
            for (int layer : new int[] {0, -2}) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> DeepParameter.weight(layer))
                        .getMessage(), "numbered from 1", "got " + layer);
                assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepParameter(layer, false))
                        .getMessage(), "numbered from 1", "got " + layer);
            }
        }
    }

    // ---- DeepGradient --------------------------------------------------------------------------------------

    @Nested
    class Gradients {
        /** Distinct entries 100k + 10i + j, so a transpose can never coincide with the original. */
        private Matrix m(int k, int rows, int cols) {
            return Matrix.fromFunction(rows, cols, (i, j) -> 100.0 * k + 10.0 * i + j);
        }

        /** For {@link #deep()} in numerator layout: ∂ℓ/∂W_k n_{k−1}×n_k, ∂ℓ/∂b_k 1×n_k. */
        private DeepGradient numerator() {
            return new DeepGradient(Layout.NUMERATOR, List.of(m(1, 3, 4), m(2, 4, 3), m(3, 3, 2)),
                    List.of(m(4, 1, 4), m(5, 1, 3), m(6, 1, 2)));
        }

        /** For {@link #deep()} in denominator layout: ∂ℓ/∂W_k n_k×n_{k−1}, ∂ℓ/∂b_k n_k×1. */
        private DeepGradient denominator() {
            return new DeepGradient(Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 3, 4), m(3, 2, 3)),
                    List.of(m(4, 4, 1), m(5, 3, 1), m(6, 2, 1)));
        }

        @Test
        void bothLayoutsAreAccepted() {
            DeepGradient num = numerator();
            DeepGradient den = denominator();
            assertAll(
                    () -> assertEquals(Layout.NUMERATOR, num.layout()),
                    () -> assertEquals(3, num.depth()),
                    () -> assertEquals(Layout.DENOMINATOR, den.layout()),
                    () -> assertEquals(List.of("W1", "b1", "W2", "b2", "W3", "b3"), seedNames(den.parameters())),
                    () -> assertEquals(m(5, 1, 3), num.get(DeepParameter.bias(2))),
                    () -> assertEquals(m(3, 2, 3), den.get(DeepParameter.weight(3))),
                    () -> assertThrows(IndexOutOfBoundsException.class, () -> num.weight(0)),
                    () -> assertThrows(IndexOutOfBoundsException.class, () -> num.bias(4)));
        }

        @Test
        void aBiasInTheOtherLayoutIsRefusedNamingIt() {
            // numerator wants ∂ℓ/∂b2 as the row 1×3; the column 3×1 is the denominator's
            ShapeMismatchException num = assertThrows(ShapeMismatchException.class, () -> new DeepGradient(
                    Layout.NUMERATOR, List.of(m(1, 3, 4), m(2, 4, 3), m(3, 3, 2)),
                    List.of(m(4, 1, 4), m(5, 3, 1), m(6, 1, 2))));
            assertEquals("gradient in numerator layout: ∂ℓ/∂W2 is 4×3 but ∂ℓ/∂b2 is 3×1; "
                    + "∂ℓ/∂b2 needs one entry per unit of layer 2", num.getMessage());
            // denominator wants ∂ℓ/∂b1 as the column 4×1; the row 1×4 is the numerator's
            ShapeMismatchException den = assertThrows(ShapeMismatchException.class, () -> new DeepGradient(
                    Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 3, 4), m(3, 2, 3)),
                    List.of(m(4, 1, 4), m(5, 3, 1), m(6, 2, 1))));
            assertMentions(den.getMessage(), "denominator layout", "∂ℓ/∂W1 is 4×3", "∂ℓ/∂b1 is 1×4");
        }

        @Test
        void weightsThatDoNotChainAreRefusedNamingBoth() {
            // numerator: ∂ℓ/∂W2 is n1×n2 = 4×3, so ∂ℓ/∂W3 needs n2 = 3 rows; 4×2 has 4
            ShapeMismatchException num = assertThrows(ShapeMismatchException.class, () -> new DeepGradient(
                    Layout.NUMERATOR, List.of(m(1, 3, 4), m(2, 4, 3), m(3, 4, 2)),
                    List.of(m(4, 1, 4), m(5, 1, 3), m(6, 1, 2))));
            assertMentions(num.getMessage(), "numerator layout", "∂ℓ/∂W2 is 4×3", "∂ℓ/∂W3 is 4×2",
                    "width of layer 2");
            // denominator: ∂ℓ/∂W2 is n2×n1 = 3×4, so ∂ℓ/∂W3 needs n2 = 3 columns; 2×4 has 4
            ShapeMismatchException den = assertThrows(ShapeMismatchException.class, () -> new DeepGradient(
                    Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 3, 4), m(3, 2, 4)),
                    List.of(m(4, 4, 1), m(5, 3, 1), m(6, 2, 1))));
            assertMentions(den.getMessage(), "denominator layout", "∂ℓ/∂W2 is 3×4", "∂ℓ/∂W3 is 2×4",
                    "width of layer 2");
        }

        @Test
        void numeratorShapesDeclaredDenominatorAreRefused() {
            // read as denominator, ∂ℓ/∂W1 3×4 says n1 = 3, but ∂ℓ/∂b1 1×4 is not a 3×1 column
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new DeepGradient(
                    Layout.DENOMINATOR, List.of(m(1, 3, 4), m(2, 4, 3), m(3, 3, 2)),
                    List.of(m(4, 1, 4), m(5, 1, 3), m(6, 1, 2))));
            assertMentions(e.getMessage(), "denominator layout", "∂ℓ/∂W1 is 3×4", "∂ℓ/∂b1 is 1×4");
        }

        @Test
        void missingOrMiscountedPartsAreRefused() {
            assertAll(
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepGradient(
                            Layout.NUMERATOR, List.of(m(1, 3, 4), m(2, 4, 3), m(3, 3, 2)),
                            List.of(m(4, 1, 4), m(5, 1, 3)))).getMessage(), "got 3 and 2"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> new DeepGradient(Layout.NUMERATOR, List.of(), List.of())).getMessage(),
                            "got 0 and 0"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepGradient(
                            Layout.NUMERATOR, nullable(m(1, 3, 4), null, m(3, 3, 2)),
                            List.of(m(4, 1, 4), m(5, 1, 3), m(6, 1, 2)))).getMessage(), "∂ℓ/∂W2", "missing"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepGradient(
                            null, List.of(m(1, 4, 3)), List.of(m(4, 4, 1)))).getMessage(), "layout", "required"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepGradient(
                            Layout.DENOMINATOR, null, List.of(m(4, 4, 1)))).getMessage(), "required"),
                    () -> assertMentions(assertThrows(IllegalArgumentException.class, () -> new DeepGradient(
                            Layout.DENOMINATOR, List.of(m(1, 4, 3)), null)).getMessage(), "required"));
        }

        @Test
        void conversionTransposesEveryEntry() {
            DeepGradient num = numerator();
            DeepGradient den = num.in(Layout.DENOMINATOR);
            assertEquals(Layout.DENOMINATOR, den.layout());
            assertEquals(3, den.depth());
            // one entry written out: ∂ℓ/∂b3 in numerator layout is the row (600, 601); in denominator the column
            assertEquals(Matrix.of(2, 1, 600, 601), den.bias(3));
            // ∂ℓ/∂W3 numerator 3×2 with rows (300, 301), (310, 311), (320, 321) → denominator 2×3
            assertEquals(Matrix.of(2, 3, 300, 310, 320, 301, 311, 321), den.weight(3));
            for (DeepParameter p : num.parameters()) {
                Matrix a = num.get(p);
                Matrix b = den.get(p);
                assertEquals(List.of(a.cols(), a.rows()), List.of(b.rows(), b.cols()), p.seedName());
                for (int i = 0; i < a.rows(); i++) {
                    for (int j = 0; j < a.cols(); j++) {
                        // (∂ℓ/∂W)_ij in numerator layout is ∂ℓ/∂w_ji: entry (j, i) in denominator layout
                        assertEquals(a.get(i, j), b.get(j, i), p.seedName() + " at (" + i + ", " + j + ")");
                    }
                }
            }
            // the other direction yields the numerator gradient built independently above
            DeepGradient back = denominator().in(Layout.NUMERATOR);
            assertEquals(Layout.NUMERATOR, back.layout());
            assertEquals(Matrix.of(1, 4, 400, 410, 420, 430), back.bias(1)); // column (400, 410, 420, 430)ᵀ
            assertEquals(Matrix.of(3, 2, 300, 310, 301, 311, 302, 312), back.weight(3)); // W3 2×3 transposed
        }

        @Test
        void conversionToTheSameLayoutReturnsItself() {
            DeepGradient num = numerator();
            DeepGradient den = denominator();
            assertSame(num, num.in(Layout.NUMERATOR));
            assertSame(den, den.in(Layout.DENOMINATOR));
        }

        @Test
        void requireFitsAcceptsBothLayoutsOfTheNetworksShapes() {
            assertDoesNotThrow(() -> numerator().requireFits(deep()));
            assertDoesNotThrow(() -> denominator().requireFits(deep()));
        }

        @Test
        void requireFitsRefusesAWrongWidthNamingTheParameter() {
            // a network with n2 = 5 where deep() has n2 = 3: ∂ℓ/∂W2 5×4 against W2 3×4
            DeepGradient wide = new DeepGradient(Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 5, 4), m(3, 2, 5)),
                    List.of(m(4, 4, 1), m(5, 5, 1), m(6, 2, 1)));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> wide.requireFits(deep()));
            assertMentions(e.getMessage(), "∂ℓ/∂W2 is 5×4 in denominator layout", "W2 is 3×4");
            // d = 5 where deep() has d = 3: numerator ∂ℓ/∂W1 is 5×4, W1 is 4×3
            DeepGradient wrongD = new DeepGradient(Layout.NUMERATOR, List.of(m(1, 5, 4), m(2, 4, 3), m(3, 3, 2)),
                    List.of(m(4, 1, 4), m(5, 1, 3), m(6, 1, 2)));
            ShapeMismatchException d = assertThrows(ShapeMismatchException.class, () -> wrongD.requireFits(deep()));
            assertMentions(d.getMessage(), "∂ℓ/∂W1 is 5×4 in numerator layout", "W1 is 4×3");
            // n = 1 where deep() has n = 2: ∂ℓ/∂W3 1×3, W3 2×3
            DeepGradient narrow = new DeepGradient(Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 3, 4), m(3, 1, 3)),
                    List.of(m(4, 4, 1), m(5, 3, 1), m(6, 1, 1)));
            ShapeMismatchException n = assertThrows(ShapeMismatchException.class, () -> narrow.requireFits(deep()));
            assertMentions(n.getMessage(), "∂ℓ/∂W3 is 1×3", "W3 is 2×3");
        }

        @Test
        void requireFitsRefusesADepthMismatch() {
            // a depth-2 gradient (d = 3, n1 = 4, n2 = 3) for the depth-3 network
            DeepGradient shallow = new DeepGradient(Layout.DENOMINATOR, List.of(m(1, 4, 3), m(2, 3, 4)),
                    List.of(m(4, 4, 1), m(5, 3, 1)));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> shallow.requireFits(deep()));
            assertMentions(e.getMessage(), "the gradient has 2 layers", "the network has 3");
        }
    }

    // ---- Loss: definitions ---------------------------------------------------------------------------------

    @Nested
    class LossDefinitions {
        @Test
        void halfSquaredError() {
            // r = ŷ − y = (1.5 − 0.5, −0.5 − 0.5, 2 − 0) = (1, −1, 2); ½‖r‖² = ½(1 + 1 + 4) = 3. Every step is exact
            // in binary (small dyadic numbers): exact equality.
            assertEquals(3.0, Loss.HALF_SQUARED_ERROR.value(Vector.of(1.5, -0.5, 2.0), Vector.of(0.5, 0.5, 0.0)),
                    0.0);
            // ŷ = y: ½ · 0 = 0
            assertEquals(0.0, Loss.HALF_SQUARED_ERROR.value(Vector.of(0.25, -4.0), Vector.of(0.25, -4.0)), 0.0);
            // n = 1: ½ (3 − (−1))² = ½ · 16 = 8
            assertEquals(8.0, Loss.HALF_SQUARED_ERROR.value(Vector.of(3.0), Vector.of(-1.0)), 0.0);
        }

        @Test
        void meanSquaredError() {
            // same r = (1, −1, 2): (1/3)(1 + 1 + 4) = 6/3 = 2, exact
            assertEquals(2.0, Loss.MEAN_SQUARED_ERROR.value(Vector.of(1.5, -0.5, 2.0), Vector.of(0.5, 0.5, 0.0)),
                    0.0);
            // n = 2: r = (0.25, 1), (1/2)(1/16 + 1) = 17/32 = 0.53125, exact
            assertEquals(0.53125, Loss.MEAN_SQUARED_ERROR.value(Vector.of(0.25, 1.0), Vector.of(0.0, 0.0)), 0.0);
            // n = 4: r = (1, 1, 1, 1), (1/4)·4 = 1, where ½‖r‖² would be 2
            assertEquals(1.0, Loss.MEAN_SQUARED_ERROR.value(Vector.of(1, 2, 3, 4), Vector.of(0, 1, 2, 3)), 0.0);
        }

        @Test
        void softmaxCrossEntropyOfEqualLogits() {
            // ŷ = (0, 0): p = (½, ½); y = (1, 0): ℓ = −log ½ = log 2 ≈ 0.693147.
            // Gauge: the spec's Σ_i y_i (m + log Σ e^{ŷ_j − m} − ŷ_i) on magnitudes is 1·(0 + log 2 + 0) = log 2.
            rounds(Math.log(2.0), Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(0.0, 0.0), Vector.of(1.0, 0.0)),
                    Math.log(2.0), "ℓ((0,0), (1,0))");
            // four equal logits 2.5, y one-hot: p = (¼, ¼, ¼, ¼), ℓ = −log ¼ = log 4 ≈ 1.386294;
            // gauge: m + log Σ e^{ŷ_j − m} − ŷ_3 = 2.5 + log 4 − 2.5 on magnitudes is 2.5 + log 4 + 2.5
            rounds(Math.log(4.0), Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(2.5, 2.5, 2.5, 2.5),
                    Vector.of(0.0, 0.0, 1.0, 0.0)), 2.5 + Math.log(4.0) + 2.5, "ℓ(2.5·1, e3)");
        }

        @Test
        void softmaxCrossEntropyOfAOneHotTarget() {
            // ŷ = (1, 2, 3), y = e3 = (0, 0, 1): ℓ = −log(e³/(e + e² + e³)) = log(1 + e^−1 + e^−2)
            //   = log(1 + 0.367879… + 0.135335…) = log 1.503214… ≈ 0.407606
            double lse = Math.log(1.0 + Math.exp(-1.0) + Math.exp(-2.0));
            // gauge: the spec's m + log Σ − ŷ_3 = 3 + 0.4076 − 3 on magnitudes is 3 + 0.4076 + 3
            rounds(lse, Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(1, 2, 3), Vector.of(0, 0, 1)), 6.0 + lse,
                    "ℓ((1,2,3), e3)");
            assertTrue(Math.abs(lse - 0.407606) < 1e-6, "hand value log 1.503214 ≈ 0.407606, got " + lse);
            // y = e1 = (1, 0, 0): ℓ = −log(e/(e + e² + e³)) = 2 + log(1 + e^−1 + e^−2) ≈ 2.407606
            // gauge: m + log Σ − ŷ_1 = 3 + 0.4076 − 1 on magnitudes is 3 + 0.4076 + 1
            rounds(2.0 + lse, Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(1, 2, 3), Vector.of(1, 0, 0)), 4.0 + lse,
                    "ℓ((1,2,3), e1)");
        }

        @Test
        void softmaxCrossEntropyOfASoftTarget() {
            // ŷ = (0, log 3): p = (1/(1+3), 3/(1+3)) = (¼, ¾); y = (½, ½):
            // ℓ = −½ log ¼ − ½ log ¾ = log 4 − ½ log 3 ≈ 1.386294 − 0.549306 = 0.836988
            double expected = Math.log(4.0) - 0.5 * Math.log(3.0);
            // ŷ_2 = Math.log(3) is within half an ulp of log 3; ∂ℓ/∂ŷ_2 = p_2 − y_2 = ¼, so that moves ℓ by under
            // ε/8, inside the bound. Gauge: the spec's Σ_i y_i (m + log Σ − ŷ_i) on magnitudes is at most
            // (log 3 + log(4/3) + log 3) ≈ 2.48; the hand formula's is log 4 + ½ log 3 ≈ 1.94: 2.5 covers both.
            rounds(expected, Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(0.0, Math.log(3.0)), Vector.of(0.5, 0.5)),
                    2.5, "ℓ((0, log 3), (½, ½))");
            assertTrue(Math.abs(expected - 0.836988) < 1e-6, "hand value ≈ 0.836988, got " + expected);
        }

        @Test
        void softmaxCrossEntropyOfHugeLogitsIsFiniteAndExact() {
            // ŷ = (1000, 0): e^1000 overflows a double, the definition's p_1 = e^1000/(e^1000 + 1) is Inf/Inf.
            // y = (0, 1): ℓ = −log(1/(e^1000 + 1)) = log(1 + e^1000) = 1000 + log(1 + e^−1000); e^−1000 ≈ 10^−434 is
            // far below half the smallest double, so the nearest double to ℓ is 1000. Gauge 1·(1000 + 0 + 0).
            double wrongClass = Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(1000.0, 0.0), Vector.of(0.0, 1.0));
            rounds(1000.0, wrongClass, 1000.0, "ℓ((1000, 0), (0, 1))");
            // y = (1, 0): ℓ = −log(e^1000/(e^1000 + 1)) = log(1 + e^−1000) ≈ 10^−434, whose nearest double is 0.
            // Gauge: m + log Σ − ŷ_1 = 1000 + 0 − 1000 on magnitudes is 2000.
            double rightClass = Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(1000.0, 0.0), Vector.of(1.0, 0.0));
            rounds(0.0, rightClass, 2000.0, "ℓ((1000, 0), (1, 0))");
            // y = (½, ½): ℓ = ½ · log(1 + e^−1000) + ½ · log(1 + e^1000) → ½ · 0 + ½ · 1000 = 500
            rounds(500.0, Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(1000.0, 0.0), Vector.of(0.5, 0.5)), 1500.0,
                    "ℓ((1000, 0), (½, ½))");
            // ŷ = (−1000, 0), y = (1, 0): ℓ = −log(e^−1000/(e^−1000 + 1)) = 1000 + log(1 + e^−1000) → 1000.
            // Gauge: m = 0, so 0 + log(1 + e^−1000) + 1000 = 1000.
            rounds(1000.0, Loss.SOFTMAX_CROSS_ENTROPY.value(Vector.of(-1000.0, 0.0), Vector.of(1.0, 0.0)), 1000.0,
                    "ℓ((−1000, 0), (1, 0))");
        }

        @Test
        void lossValuesLeaveTheirArgumentsUnchanged() {
            Vector yHat = Vector.of(1000.0, 0.0, -3.0);
            Vector y = Vector.of(0.25, 0.5, 0.25);
            for (Loss loss : Loss.values()) {
                loss.value(yHat, y);
            }
            assertEquals(Vector.of(1000.0, 0.0, -3.0), yHat);
            assertEquals(Vector.of(0.25, 0.5, 0.25), y);
        }
    }

    // ---- Loss: targets -------------------------------------------------------------------------------------

    @Nested
    class LossTargets {
        @Test
        void slackIsEightEpsilon() {
            // documented as 8ε = 8 · 2⁻⁵² = 2⁻⁴⁹
            assertEquals(0x1p-49, Loss.TARGET_SUM_SLACK, 0.0);
        }

        @Test
        void crossEntropyRefusesANegativeEntryNamingIt() {
            // column (1.5, −0.5) sums to 1 but holds a negative probability at (1, 0)
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(2, 1, 1.5, -0.5)));
            assertMentions(e.getMessage(), "softmax cross-entropy", "Y (2×1)", "negative", "-0.5", "(1, 0)");
        }

        @Test
        void crossEntropyRefusesAColumnNotSummingToOneNamingIt() {
            // columns (1, 0) (sum 1) and (0.5, 0.25) (sum 0.75)
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(2, 2, 1.0, 0.5, 0.0, 0.25)));
            assertMentions(e.getMessage(), "target column 1", "Y (2×2)", "sums to 0.75", "not 1");
        }

        @Test
        void crossEntropyAcceptsSumsWithinTheSlackTimesN() {
            // n = 2: |Σ − 1| ≤ 8ε·2 = 16ε is accepted. 0.5 ± 16ε and 0.5 ± 17ε are exact (ulp 0.5 is ε/2, below it
            // ε/4), and so are the sums 1 ± 16ε, 1 ± 17ε (ulp at 1 is ε, below ε/2): nothing here rounds.
            assertAll(
                    () -> assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(
                            Matrix.of(2, 1, 0.5, 0.5 + 16 * EPS))), // Σ = 1 + 16ε: on the bound
                    () -> assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(
                            Matrix.of(2, 1, 0.5, 0.5 - 16 * EPS))), // Σ = 1 − 16ε: on the bound
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(2, 1, 0.5, 0.5 + 17 * EPS)))
                            .getMessage(), "target column 0"), // Σ = 1 + 17ε
                    () -> assertMentions(assertThrows(IllegalArgumentException.class,
                            () -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(2, 1, 0.5, 0.5 - 17 * EPS)))
                            .getMessage(), "target column 0"), // Σ = 1 − 17ε
                    // the slack grows with n: n = 4 accepts 32ε (Σ = 0.25·3 + 0.25 + 32ε = 1 + 32ε, exact), where
                    // n = 2 refuses it
                    () -> assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(
                            Matrix.of(4, 1, 0.25, 0.25, 0.25, 0.25 + 32 * EPS))),
                    () -> assertThrows(IllegalArgumentException.class, () -> Loss.SOFTMAX_CROSS_ENTROPY
                            .requireTargets(Matrix.of(2, 1, 0.5, 0.5 + 32 * EPS))));
        }

        @Test
        void crossEntropyAcceptsOneHotAndNormalisedTargets() {
            // one-hot columns e2, e1 (3×2), and a column normalised in floating point: (1/3, 1/3, 1/3) rounded,
            // whose sum is within 3ε of 1
            assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(
                    Matrix.of(3, 2, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0)));
            double third = 1.0 / 3.0;
            assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(3, 1, third, third, third)));
            // 0.1 + 0.2 + 0.7 rounds to within a few ε of 1
            assertDoesNotThrow(() -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(Matrix.of(3, 1, 0.1, 0.2, 0.7)));
        }

        @Test
        void squaredLossesAcceptAnyFiniteTarget() {
            // negative entries and columns summing to −5 + 7 = 2 and 10³⁰⁰ − 0.25: no probability constraint
            Matrix y = Matrix.of(2, 2, -5.0, 1e300, 7.0, -0.25);
            assertDoesNotThrow(() -> Loss.HALF_SQUARED_ERROR.requireTargets(y));
            assertDoesNotThrow(() -> Loss.MEAN_SQUARED_ERROR.requireTargets(y));
            // the same targets are not probabilities: cross-entropy names the first negative entry, (0, 0)
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> Loss.SOFTMAX_CROSS_ENTROPY.requireTargets(y)).getMessage(), "-5.0", "(0, 0)");
        }
    }

    // ---- names ---------------------------------------------------------------------------------------------

    @Nested
    class Names {
        @Test
        void lossNamesIgnoreCase() {
            assertAll(
                    () -> assertSame(Loss.HALF_SQUARED_ERROR, Loss.named("half_squared_error")),
                    () -> assertSame(Loss.MEAN_SQUARED_ERROR, Loss.named("MEAN_SQUARED_ERROR")),
                    () -> assertSame(Loss.SOFTMAX_CROSS_ENTROPY, Loss.named("Softmax_Cross_Entropy")),
                    () -> assertEquals("softmax_cross_entropy", Loss.SOFTMAX_CROSS_ENTROPY.reportName()));
        }

        @Test
        void unknownLossListsTheKnownOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.named("hinge"));
            assertMentions(e.getMessage(), "hinge", "half_squared_error", "mean_squared_error",
                    "softmax_cross_entropy");
            assertThrows(IllegalArgumentException.class, () -> Loss.named(null));
        }

        @Test
        void reductionNamesIgnoreCase() {
            assertAll(
                    () -> assertSame(Reduction.SUM, Reduction.named("sum")),
                    () -> assertSame(Reduction.SUM, Reduction.named("Sum")),
                    () -> assertSame(Reduction.MEAN, Reduction.named("MEAN")),
                    () -> assertEquals("mean", Reduction.MEAN.reportName()));
        }

        @Test
        void unknownReductionListsTheKnownOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Reduction.named("median"));
            assertMentions(e.getMessage(), "median", "sum", "mean");
        }

        @Test
        void activationNamesIgnoreCase() {
            assertAll(
                    () -> assertSame(Activation.LEAKY_RELU, Activation.named("leaky_relu")),
                    () -> assertSame(Activation.LEAKY_RELU, Activation.named("Leaky_ReLU")),
                    () -> assertSame(Activation.SOFTPLUS, Activation.named("SOFTPLUS")),
                    () -> assertEquals("leaky_relu", Activation.LEAKY_RELU.reportName()));
        }

        @Test
        void unknownActivationListsAllSix() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activation.named("leaky-relu"));
            assertMentions(e.getMessage(), "leaky-relu", "identity", "sigmoid", "tanh", "softplus", "relu",
                    "leaky_relu");
        }
    }

    // ---- Reduction and Objective ---------------------------------------------------------------------------

    @Nested
    class Objectives {
        /** Ŷ, 3×2: ŷ_0 = (1, 2, 3), ŷ_1 = (0, 0, 0). */
        private final Matrix outputs = Matrix.of(3, 2, 1, 0, 2, 0, 3, 0);
        /** Y, 3×2: y_0 = (0, 1, 2), y_1 = (2, −2, 2). */
        private final Matrix targets = Matrix.of(3, 2, 0, 2, 1, -2, 2, 2);

        @Test
        void reductionWeights() {
            assertAll(
                    () -> assertEquals(1.0, Reduction.SUM.weight(1), 0.0),
                    () -> assertEquals(1.0, Reduction.SUM.weight(7), 0.0), // a sum weighs each ℓ_b by 1
                    () -> assertEquals(1.0, Reduction.MEAN.weight(1), 0.0), // 1/1
                    () -> assertEquals(0.25, Reduction.MEAN.weight(4), 0.0), // 1/4, exact
                    () -> assertEquals(1.0 / 3.0, Reduction.MEAN.weight(3), 0.0)); // 1/3 correctly rounded
        }

        @Test
        void missingLossOrReductionIsRefused() {
            for (Throwable t : List.of(thrownBy(() -> new Objective(null, Reduction.SUM)),
                    thrownBy(() -> new Objective(Loss.HALF_SQUARED_ERROR, null)))) {
                // IllegalArgumentException, as every other refusal at the spec's input boundary
                assertTrue(t instanceof IllegalArgumentException, "a refusal, not " + t);
            }
            assertMentions(thrownBy(() -> new Objective(null, Reduction.SUM)).getMessage(), "loss", "missing");
            assertMentions(thrownBy(() -> new Objective(Loss.HALF_SQUARED_ERROR, null)).getMessage(), "reduction",
                    "missing");
        }

        @Test
        void seedObjectiveAndDescriptions() {
            assertAll(
                    () -> assertSame(Loss.HALF_SQUARED_ERROR, Objective.SEED.loss()),
                    () -> assertSame(Reduction.SUM, Objective.SEED.reduction()),
                    () -> assertEquals("half_squared_error, sum", Objective.SEED.describe()),
                    () -> assertEquals("softmax_cross_entropy, mean",
                            new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN).describe()));
        }

        @Test
        void valueOfTheSquaredLossesByHand() {
            // r_0 = ŷ_0 − y_0 = (1, 1, 1), ‖r_0‖² = 3; r_1 = (−2, 2, −2), ‖r_1‖² = 12. All exact.
            assertAll(
                    // ½·3 + ½·12 = 1.5 + 6 = 7.5
                    () -> assertEquals(7.5, new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM)
                            .value(outputs, targets), 0.0),
                    // (1.5 + 6)/2 = 3.75
                    () -> assertEquals(3.75, new Objective(Loss.HALF_SQUARED_ERROR, Reduction.MEAN)
                            .value(outputs, targets), 0.0),
                    // 3/3 + 12/3 = 1 + 4 = 5
                    () -> assertEquals(5.0, new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.SUM)
                            .value(outputs, targets), 0.0),
                    // (1 + 4)/2 = 2.5
                    () -> assertEquals(2.5, new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN)
                            .value(outputs, targets), 0.0));
        }

        @Test
        void valueOfCrossEntropyByHand() {
            // Ŷ 2×2: ŷ_0 = (0, 0), ŷ_1 = (1000, 0); Y: y_0 = (1, 0), y_1 = (0, 1).
            // ℓ_0 = −log ½ = log 2; ℓ_1 = log(1 + e^1000) → 1000 (see the huge-logit test).
            // MEAN: (log 2 + 1000)/2 ≈ 500.346574. Gauge: ½ (log 2 + 1000), each ℓ_b's own gauge summed.
            Matrix yHat = Matrix.of(2, 2, 0, 1000, 0, 0);
            Matrix y = Matrix.of(2, 2, 1, 0, 0, 1);
            rounds((Math.log(2.0) + 1000.0) / 2.0,
                    new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN).value(yHat, y),
                    (Math.log(2.0) + 1000.0) / 2.0, "mean cross-entropy");
            // SUM: log 2 + 1000 ≈ 1000.693147
            rounds(Math.log(2.0) + 1000.0, new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM).value(yHat, y),
                    Math.log(2.0) + 1000.0, "summed cross-entropy");
        }

        @Test
        void valueLeavesItsArgumentsUnchanged() {
            new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN).value(outputs, targets);
            assertEquals(Matrix.of(3, 2, 1, 0, 2, 0, 3, 0), outputs);
            assertEquals(Matrix.of(3, 2, 0, 2, 1, -2, 2, 2), targets);
        }

        @Test
        void requireFitsRefusesInputsOfTheWrongSize() {
            // deep() has d = 3 (W1 4×3): X 4×2 does not fit
            Batch wrongX = new Batch(filled(4, 2), Matrix.of(2, 2, 1, 0, 0, 1));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> Objective.SEED.requireFits(deep(), wrongX));
            assertMentions(e.getMessage(), "X is 4×2", "W1 is 4×3");
        }

        @Test
        void requireFitsRefusesTargetsOfTheWrongSize() {
            // deep() has n = 2 (W3 2×3): Y 3×2 does not fit
            Batch wrongY = new Batch(filled(3, 2), Matrix.of(3, 2, 1, 0, 0, 1, 0, 0));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN).requireFits(deep(), wrongY));
            assertMentions(e.getMessage(), "Y is 3×2", "W3 is 2×3");
        }

        @Test
        void requireFitsRefusesCrossEntropyTargetsThatAreNotProbabilities() {
            // columns (1, 0) and (0.5, 0.25): the second sums to 0.75
            Batch batch = new Batch(filled(3, 2), Matrix.of(2, 2, 1.0, 0.5, 0.0, 0.25));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM).requireFits(deep(), batch));
            assertMentions(e.getMessage(), "target column 1", "0.75");
            // the squared losses take any finite target
            assertDoesNotThrow(() -> new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM).requireFits(deep(), batch));
            assertDoesNotThrow(() -> new Objective(Loss.MEAN_SQUARED_ERROR, Reduction.MEAN).requireFits(deep(), batch));
        }

        @Test
        void requireFitsChecksShapesBeforeTargets() {
            // Y 3×2 both does not fit n = 2 and has a column summing to 0.5: the shape is reported
            Batch both = new Batch(filled(3, 2), Matrix.of(3, 2, 0.5, 1, 0, 0, 0, 0));
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM).requireFits(deep(), both));
            assertMentions(e.getMessage(), "Y is 3×2");
        }

        @Test
        void requireFitsAcceptsAFittingBatchAndRefusesNulls() {
            Batch fits = new Batch(filled(3, 2), Matrix.of(2, 2, 1, 0, 0, 1)); // one-hot e1, e2
            assertDoesNotThrow(() -> new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN).requireFits(deep(),
                    fits));
            assertMentions(thrownBy(() -> Objective.SEED.requireFits(null, fits)).getMessage(), "network");
            assertMentions(thrownBy(() -> Objective.SEED.requireFits(deep(), null)).getMessage(), "batch");
        }
    }

    // ---- Batch against a deep network ----------------------------------------------------------------------

    @Nested
    class Batches {
        @Test
        void wrongInputRowsAreNamed() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new Batch(filled(4, 2), filled(2, 2)).requireFits(deep()));
            assertEquals("batch for network: X is 4×2 but W1 is 4×3; X needs d rows, d = columns of W1",
                    e.getMessage());
        }

        @Test
        void wrongTargetRowsAreNamedByTheLastLayer() {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                    () -> new Batch(filled(3, 2), filled(3, 2)).requireFits(deep()));
            assertEquals("batch for network: Y is 3×2 but W3 is 2×3; Y needs n rows, n = rows of W3",
                    e.getMessage());
        }

        @Test
        void depthOneNamesW1ForBoth() {
            DeepNetwork affine = new DeepNetwork(List.of(filled(2, 3)), List.of(Vector.zeros(2)), List.of());
            assertMentions(assertThrows(ShapeMismatchException.class,
                    () -> new Batch(filled(2, 1), filled(2, 1)).requireFits(affine)).getMessage(), "X is 2×1",
                    "W1 is 2×3");
            assertMentions(assertThrows(ShapeMismatchException.class,
                    () -> new Batch(filled(3, 1), filled(1, 1)).requireFits(affine)).getMessage(), "Y is 1×1",
                    "W1 is 2×3", "rows of W1");
        }

        @Test
        void fittingBatchIsAccepted() {
            assertDoesNotThrow(() -> new Batch(filled(3, 5), filled(2, 5)).requireFits(deep()));
        }
    }

    // ---- activations: leaky ReLU and the kink queries -------------------------------------------------------

    @Nested
    class Activations {
        @Test
        void leakyReluValueAndDerivative() {
            Activation a = Activation.LEAKY_RELU;
            assertAll(
                    () -> assertEquals(0.01, Activation.LEAKY_SLOPE, 0.0), // α = 0.01, PyTorch's default
                    () -> assertEquals(2.5, a.value(2.5), 0.0), // z > 0: σ(z) = z
                    () -> assertEquals(1.0, a.derivative(2.5), 0.0), // z > 0: σ'(z) = 1
                    // z < 0: σ(−2) = 0.01 · (−2) = −0.02; scaling by 2 is exact, so this is the double nearest −0.02
                    () -> assertEquals(-0.02, a.value(-2.0), 0.0),
                    // σ(−3) = −0.03 to rounding of one product: gauge 0.03
                    () -> rounds(-0.03, a.value(-3.0), 0.03, "leaky relu −3"),
                    () -> assertEquals(0.01, a.derivative(-3.0), 0.0), // z < 0: σ'(z) = α
                    () -> assertEquals(0.0, a.value(0.0), 0.0), // σ(0) = α · 0 = 0
                    () -> assertEquals(0.01, a.derivative(0.0), 0.0), // σ'(0) = α, the slope below zero
                    () -> assertEquals(1.0, a.derivative(Double.MIN_VALUE), 0.0), // smallest z > 0
                    () -> assertEquals(0.01, a.derivative(-Double.MIN_VALUE), 0.0)); // largest z < 0
        }

        @Test
        void onlyReluAndLeakyReluAreKinked() {
            assertEquals(6, Activation.values().length, "identity, sigmoid, tanh, softplus, relu, leaky_relu");
            Set<Activation> kinked = Stream.of(Activation.values()).filter(Activation::kinked)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Activation.class)));
            assertEquals(EnumSet.of(Activation.RELU, Activation.LEAKY_RELU), kinked);
        }

        @Test
        void slopesOnEitherSideOfZero() {
            // smooth activations: both are σ'(0). identity 1; sigmoid σ(0)(1 − σ(0)) = ½·½ = ¼;
            // tanh 1 − tanh² 0 = 1; softplus 1/(1 + e⁰) = ½. Kinked: relu 0 | 1, leaky relu α = 0.01 | 1.
            // All these are exact in binary (0.01 is compared with the literal 0.01 it is defined as).
            assertAll(
                    () -> assertSlopes(Activation.IDENTITY, 1.0, 1.0),
                    () -> assertSlopes(Activation.SIGMOID, 0.25, 0.25),
                    () -> assertSlopes(Activation.TANH, 1.0, 1.0),
                    () -> assertSlopes(Activation.SOFTPLUS, 0.5, 0.5),
                    () -> assertSlopes(Activation.RELU, 0.0, 1.0),
                    () -> assertSlopes(Activation.LEAKY_RELU, 0.01, 1.0));
        }

        private void assertSlopes(Activation a, double below, double above) {
            assertEquals(below, a.slopeBelowZero(), 0.0, a + " slope below zero");
            assertEquals(above, a.slopeAboveZero(), 0.0, a + " slope above zero");
        }

        @Test
        void kinkedSlopesAreTheOneSidedDerivatives() {
            // for each kinked σ: σ'(z) for z just below 0 is the slope below zero, and σ'(0) takes it too;
            // σ'(z) for z just above 0 is the slope above zero. Hand values: relu 0 | 1, leaky 0.01 | 1.
            assertAll(
                    () -> assertEquals(0.0, Activation.RELU.derivative(-1e-300), 0.0),
                    () -> assertEquals(0.0, Activation.RELU.derivative(0.0), 0.0),
                    () -> assertEquals(1.0, Activation.RELU.derivative(1e-300), 0.0),
                    () -> assertEquals(0.01, Activation.LEAKY_RELU.derivative(-1e-300), 0.0),
                    () -> assertEquals(0.01, Activation.LEAKY_RELU.derivative(0.0), 0.0),
                    () -> assertEquals(1.0, Activation.LEAKY_RELU.derivative(1e-300), 0.0));
        }
    }

    // ---- defects this file found in the spec, fixed there; each test failed against the unfixed spec ---------

    @Nested
    class FoundDefects {
        /**
         * The loss definitions once accepted outputs and targets whose shapes differ: Loss.value looped over ŷ's
         * length only, so a longer y had its extra entries silently ignored (ℓ((1), (1, 5)) = 0, as if y were
         * (1)), and Objective.value over Ŷ's columns only. A definition the checkers trust must refuse shapes
         * that cannot agree, as every other spec operation does (ShapeMismatchException).
         */
        @Test
        void definitionsRefuseOutputsAndTargetsOfDifferentShapes() {
            for (Loss loss : Loss.values()) {
                // ŷ ∈ R¹, y ∈ R²: no loss of R¹ against R² is defined
                assertThrows(IllegalArgumentException.class, () -> loss.value(Vector.of(1.0), Vector.of(1.0, 0.0)),
                        loss + " accepted ŷ of length 1 against y of length 2");
            }
            // Ŷ 2×1 against Y 2×2: the second target sample has no output
            assertThrows(IllegalArgumentException.class,
                    () -> Objective.SEED.value(Matrix.of(2, 1, 1, 0), Matrix.of(2, 2, 1, 0, 0, 1)),
                    "Objective.value accepted Ŷ 2×1 against Y 2×2");
            // Ŷ 2×1 against Y 3×1: the third target entry has no output
            assertThrows(IllegalArgumentException.class,
                    () -> Objective.SEED.value(Matrix.of(2, 1, 1, 0), Matrix.of(3, 1, 1, 0, 7)),
                    "Objective.value accepted Ŷ 2×1 against Y 3×1");
        }

        /**
         * Softmax cross-entropy's requireTargets once accepted a NaN target: NaN fails no comparison (NaN &lt; 0 is
         * false, |NaN − 1| &gt; slack is false), so the column (NaN, 1) passed. Every loss now refuses a non-finite
         * target, naming the entry.
         */
        @Test
        void everyLossRefusesANonFiniteTarget() {
            for (Loss loss : Loss.values()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> loss.requireTargets(Matrix.of(2, 1, Double.NaN, 1.0)), loss::toString);
                assertMentions(e.getMessage(), "(0, 0)");
            }
        }

        /** A batch has at least one sample: the weight of an empty batch (1/0 for a mean) is refused. */
        @Test
        void reductionRefusesAnEmptyBatch() {
            for (Reduction r : Reduction.values()) {
                assertThrows(IllegalArgumentException.class, () -> r.weight(0), r::toString);
            }
        }
    }

    // ---- nothing handed in is modified or kept mutable -----------------------------------------------------

    @Nested
    class Immutability {
        @Test
        void networkCopiesItsLists() {
            List<Matrix> weights = new ArrayList<>(List.of(filled(4, 3), filled(3, 4), filled(2, 3)));
            List<Vector> biases = new ArrayList<>(List.of(b1(), b2(), b3()));
            List<Activation> activations = new ArrayList<>(List.of(Activation.TANH, Activation.LEAKY_RELU));
            DeepNetwork net = new DeepNetwork(weights, biases, activations);

            weights.set(1, Matrix.zeros(3, 4));
            weights.add(Matrix.zeros(5, 2));
            biases.set(0, Vector.zeros(4));
            biases.remove(2);
            activations.set(0, Activation.RELU);
            activations.clear();

            assertAll(
                    () -> assertEquals(3, net.depth()),
                    () -> assertEquals(filled(3, 4), net.weight(2)), // W2 as built, not the zeros set later
                    () -> assertEquals(Vector.of(0.1, -0.2, 0.3, -0.4), net.bias(1)),
                    () -> assertEquals(Vector.of(1.0, -1.0), net.bias(3)),
                    () -> assertSame(Activation.TANH, net.activation(1)),
                    () -> assertSame(Activation.LEAKY_RELU, net.activation(2)),
                    () -> assertEquals("d=3 →4 tanh →3 leaky_relu →n=2", net.describe()));
        }

        @Test
        void parametersListIsTheCallersToChange() {
            DeepNetwork net = deep();
            List<DeepParameter> handedOut = net.parameters();
            try {
                handedOut.clear();
            } catch (UnsupportedOperationException unmodifiable) {
                // an unmodifiable list is as good
            }
            assertEquals(6, net.parameters().size()); // W1, b1, W2, b2, W3, b3
        }

        @Test
        void gradientCopiesItsLists() {
            List<Matrix> w = new ArrayList<>(List.of(Matrix.of(1, 1, 2.0)));
            List<Matrix> b = new ArrayList<>(List.of(Matrix.of(1, 1, 3.0)));
            DeepGradient g = new DeepGradient(Layout.DENOMINATOR, w, b);
            w.set(0, Matrix.of(1, 1, 7.0));
            b.clear();
            assertEquals(1, g.depth());
            assertEquals(Matrix.of(1, 1, 2.0), g.weight(1));
            assertEquals(Matrix.of(1, 1, 3.0), g.bias(1));
        }

        @Test
        void aGradientWithANonFiniteEntryIsRefusedNamingIt() {
            // a NaN or an overflow is never a gradient: the constructor names the parameter and the entry
            Matrix inf = Matrix.of(1, 2, 0.5, Double.POSITIVE_INFINITY);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class,
                    () -> new DeepGradient(Layout.NUMERATOR, List.of(inf), List.of(Matrix.of(1, 2, 0, 0))));
            assertEquals("∂ℓ/∂W1 (1×2) has +Infinity at (0, 1)", e.getMessage());
            NonFiniteValueException nan = assertThrows(NonFiniteValueException.class,
                    () -> new DeepGradient(Layout.NUMERATOR, List.of(Matrix.of(1, 2, 0, 0)),
                            List.of(Matrix.of(1, 2, Double.NaN, 0))));
            assertEquals("∂ℓ/∂b1 (1×2) has NaN at (0, 0)", nan.getMessage());
        }
    }
}
