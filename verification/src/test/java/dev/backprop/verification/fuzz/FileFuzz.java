package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.backprop.verification.fuzz.HostileFiles.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/** Runs hostile files through a command: writes each where the command reads it, and holds it to the oracle. */
final class FileFuzz {
    private FileFuzz() {
    }

    /**
     * For {@code ciExamples} (or {@code -Dfuzz.examples}) inputs of {@code gen}: writes the bytes to {@code file},
     * runs {@code args}, and asserts the refusal ({@link Oracle#assertRefused}) with a message naming
     * {@code named} (the file, or the directory holding it).
     */
    static void refused(Gen<Hostile> gen, int ciExamples, Path dir, Path file, String named, List<String> args,
            FuzzCounts counts) {
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.examples(ciExamples)).forAll(gen)
                .checkAssert(h -> {
                    write(file, h.bytes());
                    Outcome o = Oracle.assertRefused(dir, args);
                    assertTrue(o.err().contains(named), () -> "the message names " + named + "\n" + o.describe());
                    counts.count(h.kind(), "exit 2 with one line on stderr, no file changed");
                });
    }

    /**
     * As {@link #refused} for input the construction does not decide ({@link HostileFiles#anyByteFlip}): refused
     * the same way, or judged ({@link Oracle#assertRefusedOrJudged}, which may write {@code replays}) exactly when
     * {@code readable} says the reader accepts it.
     */
    static void refusedOrJudged(Path replays, Gen<Hostile> gen, int ciExamples, Path dir, Path file, List<String> args,
            Function<Path, Boolean> readable, FuzzCounts counts) {
        qt().withFixedSeed(FuzzBudget.seed()).withExamples(FuzzBudget.judgedExamples(ciExamples)).forAll(gen)
                .checkAssert(h -> {
                    write(file, h.bytes());
                    Outcome o = Oracle.runWatched(dir, args, List.of(replays));
                    Oracle.assertRefusedOrJudged(o);
                    boolean read = readable.apply(file);
                    assertTrue(read == (o.exit() != 2), () -> "refused exactly when the reader refuses ("
                            + (read ? "it reads" : "it refuses") + ")\n" + o.describe());
                    counts.count(h.kind(), "a verdict (exit 0 or 1) if the file reads, else exit 2 with one line");
                });
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
