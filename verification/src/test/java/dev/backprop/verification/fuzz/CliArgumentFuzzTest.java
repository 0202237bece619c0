package dev.backprop.verification.fuzz;

import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile command lines ({@link HostileArgs}) for the gate and every subcommand: each is invalid by construction,
 * so each must end in exit 2 with one line, before any command runs, and with nothing on disk changed — the
 * existing files the vectors name as outputs included.
 */
class CliArgumentFuzzTest {
    @TempDir
    static Path dir;
    private static Fixture fixture;
    private static final FuzzCounts COUNTS = new FuzzCounts("command line");

    @BeforeAll
    static void writeFixture() {
        fixture = Fixture.write(dir.resolve("fixture"));
    }

    @AfterAll
    static void printCounts() {
        COUNTS.print();
    }

    @Test
    void everyInvalidCommandLineIsOneLineAndExitTwo() {
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(300))
                .forAll(HostileArgs.vectors(dir, fixture.cases(), fixture.gradients()))
                .checkAssert(v -> {
                    Oracle.assertRefused(dir, v.args());
                    COUNTS.count(v.fault(), "exit 2 with one line on stderr, no file changed");
                });
    }
}
