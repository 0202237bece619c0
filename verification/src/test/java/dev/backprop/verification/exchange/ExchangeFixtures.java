package dev.backprop.verification.exchange;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Matrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;

/**
 * What the exchange tests share: small valid files as JSON trees to break one field at a time, bitwise
 * comparison of matrices and networks, and the assertion that a bad file ends in one line naming file, case
 * and field while the file stays as it was.
 */
final class ExchangeFixtures {
    /**
     * Writes NaN and ±Infinity as the bare tokens Python's json.dump writes, so that a test can plant them in a
     * tree.
     */
    static final ObjectMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private ExchangeFixtures() {
    }

    /**
     * A valid case file with two cases, c0 and c1, both L = 2 (d = 2 → 3 tanh → n = 1), B = 2, half squared
     * error summed: {@code W1 = [[1,2],[3,4],[5,6]]}, {@code b1 = [0.1,0.2,0.3]}, {@code W2 = [[1,-1,0.5]]},
     * {@code b2 = [0]}, inputs {@code [[0.5,-0.5],[1,2]]}, targets {@code [[1],[0]]}. Tests break c1, so that a
     * message naming "case c1" shows the reader did not stop at the first case.
     */
    static ObjectNode validCases() {
        ObjectNode file = JSON.createObjectNode();
        file.put("format", "backprop-verify/cases");
        file.put("version", 1);
        file.put("seed", 5);
        ArrayNode cases = file.putArray("cases");
        cases.add(validCase("c0"));
        cases.add(validCase("c1"));
        return file;
    }

    static ObjectNode validCase(String id) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", id);
        c.put("loss", "half_squared_error");
        c.put("reduction", "sum");
        ArrayNode layers = c.putArray("layers");
        ObjectNode hidden = layers.addObject();
        hidden.set("W", rows(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        hidden.set("b", row(0.1, 0.2, 0.3));
        hidden.put("activation", "tanh");
        ObjectNode output = layers.addObject();
        output.set("W", rows(new double[][] {{1, -1, 0.5}}));
        output.set("b", row(0.0));
        c.set("inputs", rows(new double[][] {{0.5, -0.5}, {1, 2}}));
        c.set("targets", rows(new double[][] {{1}, {0}}));
        return c;
    }

    /**
     * A valid gradient file answering {@link #validCases()} in denominator layout, with arbitrary values (the
     * reader does not judge them): for each case, dW1 3×2, db1 3 entries, dW2 1×3, db2 1 entry.
     */
    static ObjectNode validGradients() {
        ObjectNode file = JSON.createObjectNode();
        file.put("format", "backprop-verify/gradients");
        file.put("version", 1);
        file.put("implementation", "fixture");
        ArrayNode gradients = file.putArray("gradients");
        for (String id : new String[] {"c0", "c1"}) {
            ObjectNode g = gradients.addObject();
            g.put("id", id);
            g.put("layout", "denominator");
            ArrayNode layers = g.putArray("layers");
            ObjectNode first = layers.addObject();
            first.set("dW", rows(new double[][] {{0.5, -1}, {2, 0}, {1e-3, 7}}));
            first.set("db", row(1, 2, 3));
            ObjectNode second = layers.addObject();
            second.set("dW", rows(new double[][] {{4, 5, 6}}));
            second.set("db", row(-0.25));
        }
        return file;
    }

    /** Gradient {@code index} (0 answers c0, 1 answers c1) of a file made by {@link #validGradients()}. */
    static ObjectNode gradient(ObjectNode file, int index) {
        return (ObjectNode) file.get("gradients").get(index);
    }

    /** Layer {@code k} (0-based) of the answer to c1 in a file made by {@link #validGradients()}. */
    static ObjectNode gradientLayer(ObjectNode file, int k) {
        return (ObjectNode) gradient(file, 1).get("layers").get(k);
    }

    /** Case c1 of a file made by {@link #validCases()}. */
    static ObjectNode c1(ObjectNode file) {
        return (ObjectNode) file.get("cases").get(1);
    }

    /** Layer {@code k} (0-based, as in the file) of case c1. */
    static ObjectNode layer(ObjectNode file, int k) {
        return (ObjectNode) c1(file).get("layers").get(k);
    }

    static ArrayNode rows(double[][] values) {
        ArrayNode out = JSON.createArrayNode();
        for (double[] r : values) {
            out.add(row(r));
        }
        return out;
    }

    static ArrayNode row(double... values) {
        ArrayNode out = JSON.createArrayNode();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    static String text(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /**
     * Asserts that reading {@code file} throws a BadInputException whose one-line message starts with the file's
     * name and contains every one of {@code parts} (case, field, what), and that the file is byte for byte and
     * time stamp for time stamp what it was.
     */
    static BadInputException assertBad(Path file, Function<Path, ?> read, String... parts) throws IOException {
        // the bytes of small files; a file near the size limit by its size and time stamp alone
        boolean regular = Files.isRegularFile(file);
        byte[] before = regular && Files.size(file) <= (1 << 20) ? Files.readAllBytes(file) : null;
        long size = regular ? Files.size(file) : -1;
        FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        BadInputException e = assertThrows(BadInputException.class, () -> read.apply(file),
                "reading " + file + " should fail with bad input");
        String message = e.getMessage();
        assertAll(message,
                () -> assertTrue(message.startsWith(file.toString() + ": "), "names the file first"),
                () -> assertFalse(message.contains("\n") || message.contains("\r"), "one line"),
                () -> assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace"),
                () -> {
                    for (String part : parts) {
                        assertTrue(message.contains(part), "contains \"" + part + "\"");
                    }
                });
        if (before != null) {
            assertArrayEquals(before, Files.readAllBytes(file), "the file is not modified");
        }
        if (regular) {
            assertEquals(size, Files.size(file), "the file keeps its size");
            assertEquals(modified, Files.getLastModifiedTime(file), "the file is not touched");
        }
        return e;
    }

    /** Every entry of {@code actual} has the bits of the same entry of {@code expected}. */
    static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                long e = Double.doubleToRawLongBits(expected.get(i, j));
                long a = Double.doubleToRawLongBits(actual.get(i, j));
                if (e != a) {
                    throw new AssertionError(what + " at (" + i + ", " + j + "): expected " + expected.get(i, j)
                            + " but read " + actual.get(i, j));
                }
            }
        }
    }

    /** Same depth, activations and every weight and bias bit for bit. */
    static void assertSameNetwork(DeepNetwork expected, DeepNetwork actual, String what) {
        assertEquals(expected.depth(), actual.depth(), what + ": depth");
        for (int k = 1; k <= expected.depth(); k++) {
            assertSameBits(expected.weight(k), actual.weight(k), what + " W" + k);
            assertSameBits(expected.bias(k).asColumn(), actual.bias(k).asColumn(), what + " b" + k);
            if (k < expected.depth()) {
                assertEquals(expected.activation(k), actual.activation(k), what + " activation " + k);
            }
        }
    }

    /** Runs {@code check} for every case of both sets, pairwise, after asserting that ids and order agree. */
    static void assertSameCases(CaseSet expected, CaseSet actual) {
        assertEquals(expected.seed(), actual.seed(), "seed");
        assertEquals(expected.cases().size(), actual.cases().size(), "number of cases");
        Executable[] checks = new Executable[expected.cases().size()];
        for (int i = 0; i < checks.length; i++) {
            ExchangeCase e = expected.cases().get(i);
            ExchangeCase a = actual.cases().get(i);
            checks[i] = () -> {
                assertEquals(e.id(), a.id(), "id");
                assertSameNetwork(e.network(), a.network(), e.id());
                assertSameBits(e.batch().inputs(), a.batch().inputs(), e.id() + " inputs");
                assertSameBits(e.batch().targets(), a.batch().targets(), e.id() + " targets");
                assertEquals(e.objective(), a.objective(), e.id() + " objective");
                assertEquals(e.recipe(), a.recipe(), e.id() + " recipe");
            };
        }
        assertAll(checks);
    }
}
