package dev.backprop.verification.exchange;

import static dev.backprop.verification.exchange.ExchangeFixtures.assertSameBits;
import static dev.backprop.verification.exchange.ExchangeFixtures.gradient;
import static dev.backprop.verification.exchange.ExchangeFixtures.gradientLayer;
import static dev.backprop.verification.exchange.ExchangeFixtures.rows;
import static dev.backprop.verification.exchange.ExchangeFixtures.text;
import static dev.backprop.verification.exchange.ExchangeFixtures.validCases;
import static dev.backprop.verification.exchange.ExchangeFixtures.validGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient files written by {@link GradientFiles#write} read back bit for bit in both layouts and both precisions;
 * the flexible parts of the format (flat or nested db, a transposed shape kept as written, optional fields, file
 * order) read as documented.
 */
class GradientFilesTest {
    @TempDir
    Path dir;

    private CaseSet fixtureCases() throws IOException {
        return CaseFiles.read(ExchangeFixtures.write(dir, "cases.json", text(validCases())));
    }

    private Map<String, Submission> read(ObjectNode gradients) throws IOException {
        return GradientFiles.read(ExchangeFixtures.write(dir, "grads.json", text(gradients)), fixtureCases());
    }

    @Test
    void referenceGradientsRoundTripInBothLayoutsAndPrecisions() throws IOException {
        CaseSet cases = CaseFiles.draw(2021, 60);
        Map<String, DeepGradient> gradients = new LinkedHashMap<>();
        for (ExchangeCase c : cases.cases()) {
            gradients.put(c.id(), new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective()));
        }
        for (Layout layout : Layout.values()) {
            for (Precision precision : Precision.values()) {
                Path file = dir.resolve(layout + "-" + precision + ".json");
                GradientFiles.write(file, gradients, layout, precision, "reference");
                Map<String, Submission> read = GradientFiles.read(file, cases);
                assertEquals(new ArrayList<>(gradients.keySet()), new ArrayList<>(read.keySet()), "ids in order");
                for (Map.Entry<String, DeepGradient> e : gradients.entrySet()) {
                    DeepGradient expected = e.getValue().in(layout);
                    Submission s = read.get(e.getKey());
                    String what = e.getKey() + " " + layout + " " + precision;
                    assertEquals(layout, s.layout(), what);
                    assertEquals(precision, s.precision(), what);
                    assertEquals(expected.depth(), s.weights().size(), what);
                    for (int k = 1; k <= expected.depth(); k++) {
                        assertSameBits(in(precision, expected.weight(k)), s.weights().get(k - 1), what + " dW" + k);
                        assertSameBits(in(precision, expected.bias(k)), s.biases().get(k - 1), what + " db" + k);
                    }
                }
            }
        }
    }

    /** {@code m} as an implementation computing in {@code precision} holds it. */
    private static Matrix in(Precision precision, Matrix m) {
        return precision == Precision.FLOAT64 ? m
                : Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> (float) m.get(i, j));
    }

    @Test
    void aFlatDbIsReadInTheDeclaredLayoutsOrientation() throws IOException {
        Map<String, Submission> denominator = read(validGradients());
        assertSameBits(Matrix.fromRows(new double[] {1}, new double[] {2}, new double[] {3}),
                denominator.get("c1").biases().get(0), "db1 in denominator layout is a column");

        ObjectNode numerator = validGradients();
        gradient(numerator, 1).put("layout", "numerator");
        gradientLayer(numerator, 0).set("dW", rows(new double[][] {{0.5, 2, 1e-3}, {-1, 0, 7}}));
        gradientLayer(numerator, 1).set("dW", rows(new double[][] {{4}, {5}, {6}}));
        Submission s = read(numerator).get("c1");
        assertEquals(Layout.NUMERATOR, s.layout());
        assertSameBits(Matrix.fromRows(new double[] {1, 2, 3}), s.biases().get(0), "db1 in numerator layout is a row");
        assertSameBits(Matrix.fromRows(new double[] {0.5, 2, 1e-3}, new double[] {-1, 0, 7}), s.weights().get(0),
                "dW1 as written");
    }

    @Test
    void aNestedDbOfTheDeclaredShapeOrItsTransposeIsReadAsWritten() throws IOException {
        ObjectNode file = validGradients();
        gradientLayer(file, 0).set("db", rows(new double[][] {{1}, {2}, {3}}));
        assertSameBits(Matrix.fromRows(new double[] {1}, new double[] {2}, new double[] {3}),
                read(file).get("c1").biases().get(0), "nested column");
        gradientLayer(file, 0).set("db", rows(new double[][] {{1, 2, 3}}));
        assertSameBits(Matrix.fromRows(new double[] {1, 2, 3}), read(file).get("c1").biases().get(0),
                "the transposed shape is kept for the judge");
    }

    @Test
    void aTransposedDwIsKeptAsWrittenForTheJudge() throws IOException {
        // W1 is 3×2, so in denominator layout dW1 is 3×2; a 2×3 dW1 is the transposed shape, not bad input
        ObjectNode file = validGradients();
        gradientLayer(file, 0).set("dW", rows(new double[][] {{0.5, 2, 1e-3}, {-1, 0, 7}}));
        Submission s = read(file).get("c1");
        assertEquals(Layout.DENOMINATOR, s.layout(), "the declared layout is reported as declared");
        assertSameBits(Matrix.fromRows(new double[] {0.5, 2, 1e-3}, new double[] {-1, 0, 7}), s.weights().get(0),
                "dW1 as written");
    }

    @Test
    void optionalFieldsAndFileOrder() throws IOException {
        ObjectNode file = validGradients();
        file.remove("implementation");
        ArrayNode gradients = (ArrayNode) file.get("gradients");
        ObjectNode first = (ObjectNode) gradients.remove(0);
        gradients.add(first);
        gradient(file, 0).put("precision", "FLOAT32");
        Map<String, Submission> read = read(file);
        assertEquals(List.of("c1", "c0"), new ArrayList<>(read.keySet()), "file order");
        assertEquals(Precision.FLOAT32, read.get("c1").precision(), "names are read case-insensitively");
        assertEquals(Precision.FLOAT64, read.get("c0").precision(), "precision defaults to float64");
        assertThrows(UnsupportedOperationException.class, () -> read.remove("c0"), "the result cannot be changed");
    }

    @Test
    void writingFloat32RefusesWhatAFloatCannotHold() {
        CaseSet cases = CaseFiles.draw(1, 1);
        ExchangeCase c = cases.cases().get(0);
        DeepGradient g = new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= g.depth(); k++) {
            weights.add(Matrix.fromFunction(g.weight(k).rows(), g.weight(k).cols(), (i, j) -> 1e300));
            biases.add(g.bias(k));
        }
        DeepGradient huge = new DeepGradient(g.layout(), weights, biases);
        Path file = dir.resolve("huge.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientFiles.write(file,
                Collections.singletonMap(c.id(), huge), Layout.DENOMINATOR, Precision.FLOAT32, null));
        assertTrue(e.getMessage().contains("overflows float32"), e.getMessage());
    }

    @Test
    void writtenFilesCarryTheirHeader() throws IOException {
        CaseSet cases = CaseFiles.draw(3, 2);
        Map<String, DeepGradient> gradients = new LinkedHashMap<>();
        for (ExchangeCase c : cases.cases()) {
            gradients.put(c.id(), new ReferenceDeepBackprop().gradient(c.network(), c.batch(), c.objective()));
        }
        Path file = dir.resolve("g.json");
        GradientFiles.write(file, gradients, Layout.NUMERATOR, Precision.FLOAT64, "the \"reference\"");
        var tree = ExchangeFixtures.JSON.readTree(Files.readString(file));
        assertEquals(GradientFiles.FORMAT, tree.get("format").asText());
        assertEquals(GradientFiles.VERSION, tree.get("version").asInt());
        assertEquals("the \"reference\"", tree.get("implementation").asText());
        assertEquals("numerator", tree.get("gradients").get(0).get("layout").asText());
        assertEquals("float64", tree.get("gradients").get(0).get("precision").asText());
        assertTrue(tree.get("gradients").get(0).get("layers").get(0).get("db").get(0).isNumber(), "db is flat");
        assertEquals(List.of("c0", "c1"), List.of(tree.get("gradients").get(0).get("id").asText(),
                tree.get("gradients").get(1).get("id").asText()));
    }
}
