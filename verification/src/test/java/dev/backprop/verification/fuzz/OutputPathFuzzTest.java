package dev.backprop.verification.fuzz;

import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * Command lines that parse, with valid inputs, but name an output that must not be written: empty, a directory,
 * in a directory that does not exist or under a file, a device, a symbolic link, one of the run's inputs, or two
 * output options naming one file. Each is refused before anything runs (exit 2, one line), and the inputs and every
 * other file stay byte for byte as they were.
 */
class OutputPathFuzzTest {
    @TempDir
    static Path dir;
    private static Fixture fixture;
    private static Path link;
    private static final FuzzCounts COUNTS = new FuzzCounts("output paths");

    @BeforeAll
    static void setUp() throws IOException {
        fixture = Fixture.write(dir.resolve("fixture"));
        link = dir.resolve("link.json");
        Files.createSymbolicLink(link, dir.resolve("fixture/elsewhere.json"));
    }

    @AfterAll
    static void printCounts() {
        COUNTS.print();
    }

    @Test
    void anOutputThatMustNotBeWrittenIsRefusedBeforeAnythingRuns() {
        List<String> bad = List.of("", dir.toString(), dir + "/absent/out.json", fixture.cases() + "/out.json",
                "/dev/null", link.toString(), fixture.cases().toString(), fixture.gradients().toString());
        List<String> names = List.of("empty", "a directory", "in a missing directory", "under a file", "a device",
                "a symbolic link", "an input (the case file)", "an input (the gradient file)");
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(60))
                .forAll(Generate.range(0, 4), Generate.range(0, bad.size()))
                .checkAssert((command, b) -> {
                    String out = b < bad.size() ? bad.get(b) : dir.resolve("same.json").toString();
                    String kind = b < bad.size() ? names.get(b) : "two options, one file";
                    List<String> args = args(command, out, b == bad.size());
                    if (args == null || command != 0 && command != 4 && b >= 6) {
                        // only judge reads files: the others overwriting the file they are told to write is their job
                        return;
                    }
                    Oracle.assertRefused(dir, args);
                    COUNTS.count(kind, "exit 2 with one line on stderr, no file changed");
                });
    }

    /** Command {@code c} with {@code out} as its output (twice, under two options, when {@code twice}). */
    private static List<String> args(int c, String out, boolean twice) {
        List<String> a = new ArrayList<>();
        switch (c) {
            case 0 -> a.addAll(List.of("judge", "--cases", fixture.cases().toString(), "--gradients",
                    fixture.gradients().toString(), "--json", out));
            case 1 -> a.addAll(List.of("cases", "--count", "1", "--out", out));
            case 2 -> a.addAll(List.of("diagram", "--widths", "2,3,1", "--svg", out));
            case 3 -> a.addAll(List.of("--cases", "1", "--claim-cases", "1", "--json", out));
            default -> a.addAll(List.of("judge", "--cases", fixture.cases().toString(), "--gradients",
                    fixture.gradients().toString(), "--junit-xml", out));
        }
        if (twice) {
            if (c == 1 || c == 2) {
                return null;
            }
            a.addAll(List.of("--junit-xml".equals(a.get(a.size() - 2)) ? "--json" : "--junit-xml", out));
        }
        if (c == 0 || c == 4) {
            a.addAll(List.of("--replay-dir", dir.resolve("replays").toString()));
        }
        return a;
    }

}
