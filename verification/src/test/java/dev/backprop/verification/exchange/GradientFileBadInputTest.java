package dev.backprop.verification.exchange;

import static dev.backprop.verification.exchange.ExchangeFixtures.gradient;
import static dev.backprop.verification.exchange.ExchangeFixtures.gradientLayer;
import static dev.backprop.verification.exchange.ExchangeFixtures.row;
import static dev.backprop.verification.exchange.ExchangeFixtures.rows;
import static dev.backprop.verification.exchange.ExchangeFixtures.text;
import static dev.backprop.verification.exchange.ExchangeFixtures.validCases;
import static dev.backprop.verification.exchange.ExchangeFixtures.validGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad gradient file ends in one line naming the file, the case and the field, with no partial
 * result, and leaves the file as it was. Each test breaks one thing in the answer to case c1 of an otherwise valid
 * file ({@link ExchangeFixtures#validGradients()}), read against {@link ExchangeFixtures#validCases()}.
 */
class GradientFileBadInputTest {
    /** Stands in a tree for text that no tree can hold; {@link #raw} swaps it in. */
    private static final String MARK = "@raw@";

    @TempDir
    Path dir;

    private CaseSet cases;

    @BeforeEach
    void readTheCases() throws IOException {
        cases = CaseFiles.read(ExchangeFixtures.write(dir, "cases.json", text(validCases())));
    }

    private Path file(String text) throws IOException {
        return ExchangeFixtures.write(dir, "grads.json", text);
    }

    private Path broken(Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = validGradients();
        change.accept(tree);
        return file(text(tree));
    }

    private Path raw(Consumer<ObjectNode> change, String raw) throws IOException {
        ObjectNode tree = validGradients();
        change.accept(tree);
        String text = text(tree);
        assertTrue(text.contains("\"" + MARK + "\""), "the change plants the mark");
        return file(text.replace("\"" + MARK + "\"", raw));
    }

    private void assertBad(Path file, String... parts) throws IOException {
        ExchangeFixtures.assertBad(file, f -> GradientFiles.read(f, cases), parts);
    }

    @Test
    void theValidFixtureIsValid() throws IOException {
        assertEquals(2, GradientFiles.read(broken(tree -> { }), cases).size());
    }

    // ---- the file itself -------------------------------------------------------------------------------

    @Test
    void malformedEmptyMissingOrADirectory() throws IOException {
        assertBad(raw(t -> gradient(t, 1).put("layout", MARK), "\"denominator\",,"), "case c1: malformed JSON (line ");
        assertBad(file(""), "the file is empty");
        assertBad(dir, "is a directory, not a file");
        assertBad(dir.resolve("absent.json"), "no such file");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(CaseFiles.MAX_FILE_BYTES + 1);
        }
        assertBad(big, "more than the limit of " + CaseFiles.MAX_FILE_BYTES + " bytes");
        Files.delete(big);
    }

    @Test
    void aCaseFileWhereAGradientFileBelongs() throws IOException {
        assertBad(file(text(validCases())), "format: is \"backprop-verify/cases\": this is a case file, expected a "
                + "gradient file");
        assertBad(broken(t -> t.put("version", 3)), "version: is 3; this reader knows version 1");
    }

    @Test
    void deeplyNestedJson() throws IOException {
        int depth = 100_000;
        assertBad(raw(t -> gradientLayer(t, 0).put("dW", MARK), "[".repeat(depth) + "]".repeat(depth)),
                "case c1, layers[0].dW[0][0]: expected a number, found an array");
    }

    // ---- fields --------------------------------------------------------------------------------------

    @Test
    void unknownMissingOrRepeatedFields() throws IOException {
        assertBad(broken(t -> t.set("gradient", t.remove("gradients"))), "gradient: unknown field",
                "format, version, gradients, implementation (optional)");
        assertBad(broken(t -> gradient(t, 1).put("layuot", "numerator")), "case c1, layuot: unknown field",
                "id, layout, layers, precision (optional)");
        assertBad(broken(t -> gradientLayer(t, 1).set("dw", gradientLayer(t, 1).remove("dW"))),
                "case c1, layers[1].dw: unknown field \"dw\"; the fields here are dW, db");
        assertBad(broken(t -> gradient(t, 1).remove("layout")), "case c1, layout: missing field \"layout\"");
        assertBad(broken(t -> gradientLayer(t, 0).remove("db")), "case c1, layers[0].db: missing field \"db\"");
        assertBad(raw(t -> gradient(t, 1).put("layout", MARK), "\"numerator\", \"layout\": \"denominator\""),
                "case c1, layout: the field \"layout\" appears twice");
    }

    @Test
    void theCaseIsNamedEvenWhenItsIdComesAfterTheFault() throws IOException {
        assertBad(broken(t -> {
            gradient(t, 1).remove("id");
            gradientLayer(t, 1).set("db", row(Double.NaN));
            gradient(t, 1).put("id", "c1");
        }), "case c1, layers[1].db[0]: NaN is not a finite number");
    }

    @Test
    void wrongTypes() throws IOException {
        assertBad(broken(t -> gradient(t, 1).put("layout", 1)), "case c1, layout: expected a string, found the number");
        assertBad(broken(t -> gradient(t, 1).put("id", 5)), "gradients[1].id: expected a string, found the number 5");
        assertBad(broken(t -> ((ArrayNode) gradientLayer(t, 0).get("dW").get(0)).set(1, "x")),
                "case c1, layers[0].dW[0][1]: expected a number, found a string \"x\"");
        assertBad(broken(t -> {
            ArrayNode db = gradientLayer(t, 0).putArray("db");
            db.add(1);
            db.add(row(2));
        }), "case c1, layers[0].db[1]: expected a number, found an array");
        assertBad(broken(t -> gradientLayer(t, 0).set("db", rows(new double[][] {{1}, {2, 3}}))),
                "case c1, layers[0].db[1]: has 2 entries but layers[0].db[0] has 1");
        assertBad(broken(t -> gradientLayer(t, 0).set("dW", rows(new double[][] {{1, 2}, {3}, {4, 5}}))),
                "case c1, layers[0].dW[1]: has 1 entry but layers[0].dW[0] has 2");
        assertBad(broken(t -> gradientLayer(t, 1).putArray("db")), "case c1, layers[1].db: is empty");
    }

    @Test
    void unknownNamesListTheKnownOnes() throws IOException {
        assertBad(broken(t -> gradient(t, 1).put("layout", "row_major")),
                "case c1, layout: unknown layout \"row_major\"; known: numerator, denominator");
        assertBad(broken(t -> gradient(t, 1).put("precision", "float16")),
                "case c1, precision: unknown precision \"float16\"; known: float64, float32");
    }

    // ---- against the case set --------------------------------------------------------------------------

    @Test
    void anIdThatIsNotACase() throws IOException {
        assertBad(broken(t -> gradient(t, 1).put("id", "c9")),
                "gradients[1].id: is \"c9\", which is not a case of the case file (c0, c1)");
    }

    @Test
    void aCaseWithoutAnAnswer() throws IOException {
        assertBad(broken(t -> ((ArrayNode) t.get("gradients")).remove(1)),
                "case c1: has no gradient in this file", "1 of 2 unanswered: c1");
        assertBad(broken(t -> ((ArrayNode) t.get("gradients")).removeAll()),
                "gradients: is empty ([]); it needs at least one gradient");
    }

    @Test
    void aCaseAnsweredTwice() throws IOException {
        assertBad(broken(t -> ((ArrayNode) t.get("gradients")).add(gradient(t, 1).deepCopy())),
                "case c1: is answered twice, by gradients[1] and gradients[2]");
    }

    @Test
    void theWrongNumberOfLayers() throws IOException {
        assertBad(broken(t -> ((ArrayNode) gradient(t, 1).get("layers")).remove(1)),
                "case c1, layers: has 1 entries but the case's network has 2 layers");
    }

    @Test
    void shapesThatAreNeitherTheDeclaredNorItsTranspose() throws IOException {
        assertBad(broken(t -> gradientLayer(t, 0).set("dW", rows(new double[][] {{1, 2}, {3, 4}}))),
                "case c1, layers[0].dW: is 2×2 but ∂ℓ/∂W1 in denominator layout is 3×2 (the shape of W1)");
        assertBad(broken(t -> {
            gradient(t, 1).put("layout", "numerator");
            gradientLayer(t, 1).set("dW", rows(new double[][] {{1, 2}}));
        }), "case c1, layers[1].dW: is 1×2 but ∂ℓ/∂W2 in numerator layout is 3×1",
                "(the transpose of W2's shape)");
        assertBad(broken(t -> gradientLayer(t, 0).set("db", row(1, 2))),
                "case c1, layers[0].db: has 2 entries but ∂ℓ/∂b1 in denominator layout has 3");
        assertBad(broken(t -> gradientLayer(t, 0).set("db", rows(new double[][] {{1, 2, 3}, {4, 5, 6}}))),
                "case c1, layers[0].db: is 2×3 but ∂ℓ/∂b1 in denominator layout is 3×1 (or a flat list of 3)");
    }

    // ---- values --------------------------------------------------------------------------------------------

    @Test
    void nonFiniteAndOverflowingNumbers() throws IOException {
        assertBad(broken(t -> ((ArrayNode) gradientLayer(t, 0).get("dW").get(2)).set(0, Double.NaN)),
                "case c1, layers[0].dW[2][0]: NaN is not a finite number (line ");
        assertBad(broken(t -> ((ArrayNode) gradientLayer(t, 0).get("db")).set(2, Double.NEGATIVE_INFINITY)),
                "case c1, layers[0].db[2]: -Infinity is not a finite number");
        assertBad(raw(t -> ((ArrayNode) gradientLayer(t, 1).get("dW").get(0)).set(1, MARK), "-2e308"),
                "case c1, layers[1].dW[0][1]: -2e308 overflows a double");
    }
}
