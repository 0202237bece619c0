package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.backprop.verification.exchange.BadInputException;
import dev.backprop.verification.exchange.CaseFiles;
import dev.backprop.verification.exchange.GradientFiles;
import dev.backprop.verification.fuzz.HostileFiles.Hostile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Hostile gradient files through {@code judge --cases VALID --gradients FILE}: every one is refused with one line
 * naming the file, exit 2, and nothing on disk changed (see {@link Oracle}).
 */
class GradientFileFuzzTest {
    @TempDir
    static Path dir;
    private static Fixture fixture;
    private static final FuzzCounts COUNTS = new FuzzCounts("gradient file (judge --gradients)");

    @BeforeAll
    static void writeFixture() {
        fixture = Fixture.write(dir.resolve("fixture"));
    }

    @AfterAll
    static void printCounts() {
        COUNTS.print();
    }

    @Test
    void randomBytes() {
        refused(HostileFiles.randomBytes(), 60);
    }

    @Test
    void truncations() {
        refused(HostileFiles.truncations(fixture.gradientBytes()), 60);
    }

    @Test
    void controlBytes() {
        refused(HostileFiles.controlByteFlips(fixture.gradientBytes()), 60);
    }

    @Test
    void numberSlots() {
        refused(HostileFiles.numberSlots(fixture.gradientBytes()), 100);
    }

    @Test
    void deepNesting() {
        refused(HostileFiles.deepNesting(fixture.gradientBytes()), 20);
    }

    @Test
    void emptyArrays() {
        refused(HostileFiles.emptyArrays(fixture.gradientBytes()), 40);
    }

    @Test
    void extraFields() {
        refused(HostileFiles.extraFields(fixture.gradientBytes()), 40);
    }

    /**
     * An extreme finite number in a matrix entry is valid: a verdict, exit 0 or 1, never exit 3; only a huge one
     * ({@link HostileFiles#HUGE}) may be refused, as a case that cannot be judged in double precision.
     */
    @Test
    void extremeFiniteEntries() {
        Path file = dir.resolve("extreme.json");
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.judgedExamples(30))
                .forAll(HostileFiles.extremeEntries(fixture.gradientBytes(), List.of("/gradients/.*"))).checkAssert(h -> {
                    FileFuzz.write(file, h.bytes());
                    Outcome o = Oracle.runWatched(dir, args(file), List.of(dir.resolve("replays")));
                    if (h.kind().startsWith("huge") && o.exit() == 2) {
                        Oracle.assertRefused(o);
                        assertTrue(o.err().contains("cannot be judged in double precision"), o::describe);
                        COUNTS.count(h.kind() + ", refused", "exit 2 with one line: cannot be judged in double "
                                + "precision");
                        return;
                    }
                    assertTrue(o.exit() == 0 || o.exit() == 1, () -> "valid input gets a verdict\n" + o.describe());
                    assertEquals("", o.err(), o::describe);
                    COUNTS.count(h.kind() + ", judged", "a verdict (exit 0 or 1), nothing on stderr");
                });
    }

    /** Any byte set to any value: judged when the mutant still reads, else refused. */
    @Test
    void anyByte() {
        Path file = dir.resolve("flipped-gradients.json");
        FileFuzz.refusedOrJudged(dir.resolve("replays"), HostileFiles.anyByteFlip(fixture.gradientBytes()), 40, dir, file, args(file),
                f -> {
                    try {
                        GradientFiles.read(f, CaseFiles.read(fixture.cases()));
                        return true;
                    } catch (BadInputException e) {
                        return false;
                    }
                }, COUNTS);
    }

    private void refused(Gen<Hostile> gen, int ciExamples) {
        Path file = dir.resolve("hostile-gradients.json");
        FileFuzz.refused(gen, ciExamples, dir, file, file.toString(), args(file), COUNTS);
    }

    private List<String> args(Path file) {
        return List.of("judge", "--cases", fixture.cases().toString(), "--gradients", file.toString(),
                "--replay-dir", dir.resolve("replays").toString());
    }
}
