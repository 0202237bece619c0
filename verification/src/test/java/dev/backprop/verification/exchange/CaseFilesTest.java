package dev.backprop.verification.exchange;

import static dev.backprop.verification.exchange.ExchangeFixtures.assertSameBits;
import static dev.backprop.verification.exchange.ExchangeFixtures.assertSameCases;
import static dev.backprop.verification.exchange.ExchangeFixtures.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Generators.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case files written by {@link CaseFiles#write} read back bit for bit, for drawn sets, fixed-shape sets and doubles
 * chosen to be hard to print; numbers written the way other languages write them read as the same doubles as
 * Java literals; and the drawn sets are reproducible and cover every value the property tests draw.
 */
class CaseFilesTest {
    @TempDir
    Path dir;

    @Test
    void drawnSetsRoundTripBitForBit() throws IOException {
        for (long seed : new long[] {0, 20211001, -7}) {
            CaseSet drawn = CaseFiles.draw(seed, 120);
            Path file = dir.resolve("cases-" + seed + ".json");
            CaseFiles.write(file, drawn);
            assertSameCases(drawn, CaseFiles.read(file));
        }
    }

    @Test
    void fixedShapeSetsRoundTripBitForBit() throws IOException {
        CaseSet small = CaseFiles.fixedShape(3, 4, new int[] {3, 5, 4, 2}, Activation.LEAKY_RELU,
                new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), 3, 2.0);
        CaseFiles.write(dir.resolve("small.json"), small);
        assertSameCases(small, CaseFiles.read(dir.resolve("small.json")));

        // the size the exchange is meant for: an MNIST-sized perceptron and batch
        CaseSet large = CaseFiles.fixedShape(11, 1, new int[] {784, 512, 10}, Activation.RELU,
                new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), 256, 1.0);
        Path file = dir.resolve("large.json");
        CaseFiles.write(file, large);
        assertTrue(Files.size(file) < CaseFiles.MAX_FILE_BYTES / 50, "far below the file limit: " + Files.size(file));
        assertSameCases(large, CaseFiles.read(file));
    }

    @Test
    void doublesThatAreHardToPrintRoundTripBitForBit() throws IOException {
        // the extremes of the format, values with long shortest representations, and random bit patterns
        double[] special = {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, -Double.MAX_VALUE, -0.0, 0.0, 0.1, 1.0 / 3, Math.PI, 1e23, 2e-3, 9007199254740993.0,
            Math.nextUp(1.0), Math.nextDown(1.0), 5e-324, 4.35e-311};
        SplittableRandom random = new SplittableRandom(17);
        double[] values = new double[40 * 40];
        for (int i = 0; i < values.length; i++) {
            double v;
            do {
                v = i < special.length ? special[i] : Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(v));
            values[i] = v;
        }
        Matrix w = Matrix.of(40, 40, values);
        DeepNetwork network = new DeepNetwork(List.of(w), List.of(Vector.of(java.util.Arrays.copyOf(values, 40))),
                List.of());
        Batch batch = new Batch(w, Matrix.fromFunction(40, 40, (i, j) -> values[values.length - 1 - i * 40 - j]));
        CaseSet set = new CaseSet(1, List.of(new ExchangeCase("hard", network, batch, Objective.SEED, "")));
        Path file = dir.resolve("hard.json");
        CaseFiles.write(file, set);
        assertSameCases(set, CaseFiles.read(file));
    }

    @Test
    void numbersWrittenByOtherLanguagesReadAsTheSameDoubles() throws IOException {
        // Python's repr and JavaScript write exponents in lower case with a sign and integers without ".0";
        // C's %.17g writes 17 digits: each must read as the double of the Java literal beside it
        String[] written = {"1e-05", "5e-324", "1.7976931348623157e+308", "-0.0", "3", "1E2", "0.30000000000000004",
            "0.10000000000000001", "-2.5E-3", "123456789012345678901234567890"};
        double[] expected = {1e-05, 5e-324, 1.7976931348623157e+308, -0.0, 3, 1E2, 0.30000000000000004,
            0.10000000000000001, -2.5E-3, 123456789012345678901234567890.0};
        String file = "{\"format\": \"backprop-verify/cases\", \"version\": 1, \"cases\": [{\"id\": \"c0\", "
                + "\"loss\": \"half_squared_error\", \"reduction\": \"sum\", \"layers\": [{\"W\": [["
                + String.join(", ", written) + "]], \"b\": [0]}], \"inputs\": [[" + "0, ".repeat(written.length - 1)
                + "0]], \"targets\": [[0]]}]}";
        CaseSet read = CaseFiles.read(write(dir, "other.json", file));
        assertSameBits(Matrix.of(1, expected.length, expected), read.cases().get(0).network().weight(1), "W1");
        assertEquals(0L, read.seed(), "the seed is optional and defaults to 0");
        assertEquals("", read.cases().get(0).recipe(), "the recipe is optional");
    }

    @Test
    void namesAreReadCaseInsensitivelyAsTheSpecReadsThem() throws IOException {
        var file = ExchangeFixtures.validCases();
        ExchangeFixtures.c1(file).put("loss", "Softmax_Cross_Entropy").put("reduction", "MEAN");
        ExchangeFixtures.layer(file, 0).put("activation", "Leaky_ReLU");
        ExchangeFixtures.c1(file).set("targets", ExchangeFixtures.rows(new double[][] {{1}, {1}}));
        ExchangeCase c1 = CaseFiles.read(write(dir, "names.json", ExchangeFixtures.text(file))).find("c1")
                .orElseThrow();
        assertEquals(new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN), c1.objective());
        assertEquals(Activation.LEAKY_RELU, c1.network().activation(1));
    }

    @Test
    void theFileIsSampleMajorAndTheBatchHasOneColumnPerSample() throws IOException {
        CaseSet read = CaseFiles.read(write(dir, "valid.json", ExchangeFixtures.text(ExchangeFixtures.validCases())));
        Batch batch = read.cases().get(1).batch();
        // inputs [[0.5, -0.5], [1, 2]] are samples x_0 = (0.5, -0.5) and x_1 = (1, 2)
        assertSameBits(Matrix.fromRows(new double[] {0.5, 1}, new double[] {-0.5, 2}), batch.inputs(), "X");
        assertSameBits(Matrix.fromRows(new double[] {1, 0}), batch.targets(), "Y");
        assertEquals(5L, read.seed());
    }

    @Test
    void drawingIsReproducibleAndAPrefixOfALargerSet() throws IOException {
        CaseSet twenty = CaseFiles.draw(42, 20);
        assertSameCases(twenty, CaseFiles.draw(42, 20));
        CaseSet five = CaseFiles.draw(42, 5);
        assertSameCases(five, new CaseSet(42, twenty.cases().subList(0, 5)));
        assertNotEquals(twenty.cases().get(0).recipe(), CaseFiles.draw(43, 1).cases().get(0).recipe(),
                "another seed draws other cases");
        for (int i = 0; i < twenty.cases().size(); i++) {
            assertEquals("c" + i, twenty.cases().get(i).id());
        }
    }

    @Test
    void everyRecipeRebuildsItsCase() {
        Pattern recipe = Pattern.compile("L=(\\d+) widths=([\\d,]+) act=(\\S+) loss=(\\S+) reduction=(\\S+) B=(\\d+) "
                + "scale=(\\S+) target=(\\S+) seed=(\\d+)");
        for (ExchangeCase c : CaseFiles.draw(9, 30).cases()) {
            Matcher m = recipe.matcher(c.recipe());
            assertTrue(m.matches(), c.recipe());
            int[] widths = java.util.Arrays.stream(m.group(2).split(",")).mapToInt(Integer::parseInt).toArray();
            List<Activation> acts = m.group(3).equals("-") ? List.of()
                    : java.util.Arrays.stream(m.group(3).split(",")).map(Activation::named).toList();
            var rebuilt = Generators.deepCase(widths, acts, new Objective(Loss.named(m.group(4)),
                    Reduction.named(m.group(5))), Integer.parseInt(m.group(6)), Double.parseDouble(m.group(7)),
                    Targets.valueOf(m.group(8).toUpperCase(Locale.ROOT)), Long.parseLong(m.group(9)));
            assertSameCases(new CaseSet(0, List.of(c)), new CaseSet(0, List.of(new ExchangeCase(c.id(),
                    rebuilt.network(), rebuilt.batch(), rebuilt.objective(), rebuilt.recipe()))));
        }
    }

    @Test
    void twelveDrawnCasesCoverEveryValueThePropertiesDraw() {
        for (long seed = 0; seed < 25; seed++) {
            Set<Integer> depths = new HashSet<>();
            Set<Integer> widths = new HashSet<>();
            Set<Integer> batches = new HashSet<>();
            Set<Activation> activations = EnumSet.noneOf(Activation.class);
            Set<String> settings = new HashSet<>();
            Set<String> scales = new HashSet<>();
            for (ExchangeCase c : CaseFiles.draw(seed, 12).cases()) {
                DeepNetwork n = c.network();
                depths.add(n.depth());
                for (int k = 0; k <= n.depth(); k++) {
                    widths.add(n.width(k));
                }
                for (int k = 1; k < n.depth(); k++) {
                    activations.add(n.activation(k));
                }
                batches.add(c.batch().size());
                settings.add(c.objective().describe() + " " + field(c.recipe(), "target"));
                scales.add(field(c.recipe(), "scale"));
            }
            long s = seed;
            assertAll("seed " + seed,
                    () -> assertEquals(Set.of(1, 2, 3, 4, 5, 6), depths, "depths"),
                    () -> assertEquals(Set.of(1, 2, 3, 4, 5), widths, "widths"),
                    () -> assertEquals(Set.of(1, 2, 3, 4), batches, "batches"),
                    () -> assertEquals(EnumSet.allOf(Activation.class), activations, "activations"),
                    () -> assertEquals(4, scales.size(), "scales " + scales),
                    // 3 losses × 2 reductions × 2 target kinds of each loss
                    () -> assertEquals(12, settings.size(), "settings of seed " + s + ": " + settings));
        }
    }

    @Test
    void fixedShapeSetsHaveTheirShapeAndAlternateTargetKinds() {
        CaseSet set = CaseFiles.fixedShape(5, 4, new int[] {6, 4, 3}, Activation.TANH,
                new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM), 2, 1.0);
        for (ExchangeCase c : set.cases()) {
            assertEquals("d=6 →4 tanh →n=3", c.network().describe());
            assertEquals(2, c.batch().size());
        }
        assertEquals(List.of("one_hot", "soft", "one_hot", "soft"),
                set.cases().stream().map(c -> field(c.recipe(), "target")).toList());
    }

    @Test
    void drawingRefusesWhatCannotBeACaseSet() {
        Objective o = Objective.SEED;
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> CaseFiles.draw(1, 0)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> CaseFiles.fixedShape(1, 1, new int[] {3}, Activation.TANH, o, 1, 1)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> CaseFiles.fixedShape(1, 1, new int[] {3, 2, 1}, null, o, 1, 1)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> CaseFiles.fixedShape(1, 1, new int[] {3, 1}, null, o, 1, Double.NaN)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> CaseFiles.fixedShape(1, 1, new int[] {3, 0}, null, o, 1, 1)));
    }

    private static String field(String recipe, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(recipe);
        assertTrue(m.find(), recipe);
        return m.group(1);
    }
}
