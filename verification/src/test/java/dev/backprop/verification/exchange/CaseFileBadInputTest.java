package dev.backprop.verification.exchange;

import static dev.backprop.verification.exchange.ExchangeFixtures.c1;
import static dev.backprop.verification.exchange.ExchangeFixtures.layer;
import static dev.backprop.verification.exchange.ExchangeFixtures.row;
import static dev.backprop.verification.exchange.ExchangeFixtures.rows;
import static dev.backprop.verification.exchange.ExchangeFixtures.text;
import static dev.backprop.verification.exchange.ExchangeFixtures.validCase;
import static dev.backprop.verification.exchange.ExchangeFixtures.validCases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad case file ends in one line naming the file, the case and the field, with no partial result,
 * and leaves the file as it was. Each test breaks one thing in an otherwise valid file (case c1 of
 * {@link ExchangeFixtures#validCases()}, so that c0 has been read when the fault is met).
 */
class CaseFileBadInputTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return ExchangeFixtures.write(dir, "cases.json", text);
    }

    /** The valid file with {@code change} applied to its tree. */
    private Path broken(Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = validCases();
        change.accept(tree);
        return file(text(tree));
    }

    /** Stands in a tree for text that no tree can hold; {@link #raw} swaps it in. */
    private static final String MARK = "@raw@";

    /** The valid file with {@code change} applied, and the value {@link #MARK} replaced by {@code raw}. */
    private Path raw(Consumer<ObjectNode> change, String raw) throws IOException {
        ObjectNode tree = validCases();
        change.accept(tree);
        String text = text(tree);
        assertTrue(text.contains("\"" + MARK + "\""), "the change plants the mark");
        return file(text.replace("\"" + MARK + "\"", raw));
    }

    private static void assertBad(Path file, String... parts) throws IOException {
        ExchangeFixtures.assertBad(file, CaseFiles::read, parts);
    }

    /** The 1-based line of the first occurrence of {@code marker} in {@code text}. */
    private static int lineOf(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, marker);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void theValidFixtureIsValid() throws IOException {
        assertEquals(2, CaseFiles.read(broken(tree -> { })).cases().size());
    }

    // ---- the file itself -------------------------------------------------------------------------------

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        Path file = raw(t -> c1(t).put("loss", MARK), "\"half_squared_error\" \"reduction\": \"sum\"");
        int line = lineOf(Files.readString(file), "\"half_squared_error\" \"reduction\"");
        assertBad(file, "case c1: malformed JSON (line " + line + ", column ", "was expecting comma");
    }

    @Test
    void anEmptyOrBlankFile() throws IOException {
        assertBad(file(""), "the file is empty");
        assertBad(file(" \n\t\n"), "the file is empty");
    }

    @Test
    void aDirectoryOrAMissingFile() throws IOException {
        assertBad(dir, "is a directory, not a file");
        assertBad(dir.resolve("absent.json"), "no such file");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            // sparse: the size is what is checked, and no byte is read
            f.setLength(CaseFiles.MAX_FILE_BYTES + 1);
        }
        assertBad(big, "is " + (CaseFiles.MAX_FILE_BYTES + 1) + " bytes, more than the limit of "
                + CaseFiles.MAX_FILE_BYTES + " bytes");
        Files.delete(big);
    }

    @Test
    void notAnObjectOrMoreAfterIt() throws IOException {
        assertBad(file("[1, 2]"), "must hold one JSON object", "found an array");
        assertBad(file(text(validCases()) + "\n{}"), "there is more after the end of the JSON object");
        assertBad(file(text(validCases()) + " x"), "malformed JSON");
    }

    @Test
    void deeplyNestedJson() throws IOException {
        int depth = 100_000;
        assertBad(file("[".repeat(depth) + "]".repeat(depth)), "must hold one JSON object");
        assertBad(file("{\"format\": " + "[".repeat(depth) + "]".repeat(depth) + "}"), "format",
                "expected a string, found an array");
        assertBad(raw(t -> t.put("conventions", MARK), "[".repeat(depth)), "conventions", "expected a string");
        // where the reader skips values to find a case's id after a fault, the parser's nesting limit stops it
        assertBad(raw(t -> {
            c1(t).remove("id");
            c1(t).put("oops", MARK);
            c1(t).put("id", "c1");
        }, "[".repeat(depth) + "]".repeat(depth)), "cases[1].oops: unknown field \"oops\"");
    }

    // ---- fields --------------------------------------------------------------------------------------

    @Test
    void missingFields() throws IOException {
        assertBad(broken(t -> t.remove("format")), "format: missing field \"format\"");
        assertBad(broken(t -> c1(t).remove("reduction")), "case c1, reduction: missing field \"reduction\"",
                "id, loss, reduction, layers, inputs, targets, recipe (optional)");
        assertBad(broken(t -> layer(t, 1).remove("b")), "case c1, layers[1].b: missing field \"b\"");
        assertBad(broken(t -> c1(t).remove("id")), "cases[1].id: missing field \"id\"");
    }

    @Test
    void unknownFieldsListTheKnownOnes() throws IOException {
        assertBad(broken(t -> t.set("case", t.remove("cases"))), "case: unknown field \"case\"",
                "format, version, cases, seed (optional), conventions (optional)");
        assertBad(broken(t -> c1(t).set("lyers", c1(t).remove("layers"))), "case c1, lyers: unknown field",
                "id, loss, reduction, layers, inputs, targets, recipe (optional)");
        assertBad(broken(t -> layer(t, 0).set("w", layer(t, 0).remove("W"))), "case c1, layers[0].w",
                "W, b, activation (optional)");
    }

    @Test
    void theCaseIsNamedEvenWhenItsIdComesAfterTheFault() throws IOException {
        assertBad(broken(t -> {
            c1(t).remove("id");
            c1(t).put("id", "late");
            layer(t, 0).put("activaton", "tanh");
        }), "case late, layers[0].activaton: unknown field");
    }

    @Test
    void aFieldGivenTwice() throws IOException {
        assertBad(raw(t -> c1(t).put("reduction", MARK), "\"sum\", \"reduction\": \"mean\""),
                "case c1, reduction: the field \"reduction\" appears twice");
    }

    @Test
    void wrongFormatOrVersion() throws IOException {
        assertBad(broken(t -> t.put("format", "backprop-verify/gradients")), "format",
                "this is a gradient file, expected a case file");
        assertBad(broken(t -> t.put("format", "json")), "format", "must be \"backprop-verify/cases\"");
        assertBad(broken(t -> t.put("version", 2)), "version: is 2; this reader knows version 1");
        assertBad(broken(t -> t.put("version", "1")), "version: expected an integer, found a string \"1\"");
    }

    @Test
    void wrongTypes() throws IOException {
        assertBad(broken(t -> ((ArrayNode) layer(t, 0).get("W").get(1)).set(0, "3")),
                "case c1, layers[0].W[1][0]: expected a number, found a string \"3\"");
        assertBad(broken(t -> c1(t).put("loss", 3)), "case c1, loss: expected a string, found the number 3");
        assertBad(broken(t -> c1(t).putObject("inputs")), "case c1, inputs: expected an array of rows");
        assertBad(broken(t -> layer(t, 1).set("b", rows(new double[][] {{0}}))), "case c1, layers[1].b[0]",
                "expected a number, found an array");
        assertBad(broken(t -> t.put("seed", 1.5)), "seed: expected an integer, found the number 1.5");
        assertBad(raw(t -> t.put("seed", MARK), "12345678901234567890123"),
                "seed: 12345678901234567890123 is outside the range of a 64-bit integer");
        assertBad(broken(t -> ((ArrayNode) t.get("cases")).set(1, 7)), "cases[1]: expected an object");
        assertBad(broken(t -> c1(t).putNull("recipe")), "case c1, recipe: expected a string, found null");
        assertBad(broken(t -> c1(t).put("id", "c 1")), "cases[1].id: is \"c 1\"; a case id is 1 to 128 letters");
    }

    @Test
    void raggedRows() throws IOException {
        assertBad(broken(t -> layer(t, 0).set("W", rows(new double[][] {{1, 2}, {3}, {5, 6}}))),
                "case c1, layers[0].W[1]: has 1 entry but layers[0].W[0] has 2");
        assertBad(broken(t -> c1(t).set("inputs", rows(new double[][] {{1, 2}, {1, 2, 3}}))),
                "case c1, inputs[1]: has 3 entries but inputs[0] has 2");
    }

    @Test
    void zeroLengthArrays() throws IOException {
        assertBad(broken(t -> t.putArray("cases")), "cases: is empty ([]); it needs at least one case");
        assertBad(broken(t -> c1(t).putArray("layers")), "case c1, layers: is empty");
        assertBad(broken(t -> layer(t, 0).putArray("W")), "case c1, layers[0].W: is empty ([]); every dimension");
        assertBad(broken(t -> layer(t, 0).set("W", rows(new double[][] {{}, {}, {}}))),
                "case c1, layers[0].W[0]: is empty");
        assertBad(broken(t -> layer(t, 1).putArray("b")), "case c1, layers[1].b: is empty");
        assertBad(broken(t -> c1(t).putArray("inputs")), "case c1, inputs: is empty");
    }

    @Test
    void shapesThatDoNotFit() throws IOException {
        assertBad(broken(t -> layer(t, 1).set("W", rows(new double[][] {{1, -1}}))),
                "case c1, layers[1].W: is 1×2 but layers[0].W is 3×2", "one column per row");
        assertBad(broken(t -> layer(t, 0).set("b", row(1, 2))), "case c1, layers[0].b: has 2 entries",
                "layers[0].W is 3×2");
        assertBad(broken(t -> c1(t).set("inputs", rows(new double[][] {{1, 2, 3}, {4, 5, 6}}))),
                "case c1, inputs: has samples of 3 entries but the network's input size d", "is 2");
        assertBad(broken(t -> c1(t).set("targets", rows(new double[][] {{1, 2}, {3, 4}}))),
                "case c1, targets: has samples of 2 entries but the network's output size n", "is 1");
        assertBad(broken(t -> c1(t).set("targets", rows(new double[][] {{1}}))),
                "case c1, targets: has 1 sample but inputs has 2");
    }

    @Test
    void tooManyLayers() throws IOException {
        assertBad(broken(t -> {
            ArrayNode layers = c1(t).putArray("layers");
            for (int k = 0; k <= DeepNetwork.MAX_DEPTH; k++) {
                ObjectNode l = layers.addObject();
                l.set("W", rows(new double[][] {{1, 1}}));
                l.set("b", row(0));
                l.put("activation", "relu");
            }
        }), "case c1, layers: has " + (DeepNetwork.MAX_DEPTH + 1) + " layers; a network has 1 to "
                + DeepNetwork.MAX_DEPTH);
    }

    // ---- values --------------------------------------------------------------------------------------------

    @Test
    void nanAndInfinityAsPythonWritesThem() throws IOException {
        assertBad(broken(t -> ((ArrayNode) layer(t, 0).get("W").get(2)).set(1, Double.NaN)),
                "case c1, layers[0].W[2][1]: NaN is not a finite number (line ");
        assertBad(broken(t -> ((ArrayNode) layer(t, 1).get("b")).set(0, Double.POSITIVE_INFINITY)),
                "case c1, layers[1].b[0]: Infinity is not a finite number");
        assertBad(broken(t -> ((ArrayNode) c1(t).get("targets").get(1)).set(0, Double.NEGATIVE_INFINITY)),
                "case c1, targets[1][0]: -Infinity is not a finite number");
    }

    @Test
    void numbersBeyondADouble() throws IOException {
        assertBad(raw(t -> ((ArrayNode) layer(t, 1).get("W").get(0)).set(2, MARK), "1e400"),
                "case c1, layers[1].W[0][2]: 1e400 overflows a double");
        assertBad(raw(t -> ((ArrayNode) c1(t).get("inputs").get(0)).set(1, MARK), "-1E+400"),
                "case c1, inputs[0][1]: -1E+400 overflows a double");
        assertBad(raw(t -> ((ArrayNode) layer(t, 1).get("b")).set(0, MARK), "1" + "0".repeat(400)),
                "case c1, layers[1].b[0]: 1000", "overflows a double");
    }

    @Test
    void unknownNamesListTheKnownOnes() throws IOException {
        assertBad(broken(t -> layer(t, 0).put("activation", "gelu")), "case c1, layers[0].activation: unknown "
                + "activation \"gelu\"; known: identity, sigmoid, tanh, softplus, relu, leaky_relu");
        assertBad(broken(t -> c1(t).put("loss", "hinge")), "case c1, loss: unknown loss \"hinge\"; known: "
                + "half_squared_error, mean_squared_error, softmax_cross_entropy");
        assertBad(broken(t -> c1(t).put("reduction", "max")), "case c1, reduction: unknown reduction \"max\"; "
                + "known: sum, mean");
        // a name is echoed on the one line, whatever it holds
        assertBad(broken(t -> c1(t).put("loss", "a\nb")), "unknown loss \"a\\u000ab\"");
        assertEquals(6, Activation.values().length, "the list above names every activation");
    }

    @Test
    void activationsOnlyOnHiddenLayers() throws IOException {
        assertBad(broken(t -> layer(t, 0).remove("activation")), "case c1, layers[0].activation",
                "a hidden layer needs an \"activation\", found none; known: identity,");
        assertBad(broken(t -> layer(t, 1).put("activation", "identity")), "case c1, layers[1].activation",
                "the output layer is linear", "takes no \"activation\" field, found \"identity\"");
        assertBad(broken(t -> layer(t, 1).putNull("activation")), "case c1, layers[1].activation",
                "takes no \"activation\" field, found null");
        assertBad(broken(t -> layer(t, 0).putNull("activation")), "case c1, layers[0].activation",
                "a hidden layer needs an \"activation\", found null");
    }

    @Test
    void duplicateCaseIds() throws IOException {
        assertBad(broken(t -> ((ArrayNode) t.get("cases")).add(validCase("c0"))),
                "case c0: appears twice, as cases[0] and cases[2]");
    }

    @Test
    void crossEntropyTargetsThatAreNotProbabilities() throws IOException {
        assertBad(broken(t -> {
            c1(t).put("loss", "softmax_cross_entropy");
            c1(t).set("targets", rows(new double[][] {{1}, {0.9}}));
        }), "case c1, targets: softmax cross-entropy", "sums to 0.9", "targets[b] of the file");
        assertBad(broken(t -> {
            c1(t).put("loss", "softmax_cross_entropy");
            c1(t).set("targets", rows(new double[][] {{1}, {-1}}));
        }), "case c1, targets: softmax cross-entropy", "negative probability");
    }
}
