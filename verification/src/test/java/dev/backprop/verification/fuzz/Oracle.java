package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every hostile input must end in. Refused: exit code exactly 2, nothing on stdout, exactly one non-empty line
 * on stderr with no stack frame, no exception or error class name and no "internal error"; within {@link #TIMEOUT};
 * and nothing on disk changed, neither under the run's directory (its inputs byte for byte included) nor among
 * the names in the working directory (a default output such as the replay directory).
 */
final class Oracle {
    /**
     * Far above any refusal (milliseconds) and above judging the few inputs that are valid (seconds), far below a
     * hang; a run still going is stopped and reported with its arguments.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A Java class name ending in Exception or Error, e.g. NumberFormatException, java.lang.OutOfMemoryError. */
    private static final Pattern THROWABLE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b");

    private Oracle() {
    }

    /** Runs {@code args} with the timeout, disk snapshots of {@code root} and the working directory around it. */
    static Outcome runWatched(Path root, List<String> args) {
        return runWatched(root, args, List.of());
    }

    /**
     * As {@link #runWatched(Path, List)} for a run that may write {@code outputs} (a verdict writes its replay):
     * everything else under {@code root} must stay as it was.
     */
    static Outcome runWatched(Path root, List<String> args, List<Path> outputs) {
        DirSnapshot before = DirSnapshot.of(root, outputs);
        DirSnapshot cwdBefore = DirSnapshot.namesIn(Path.of("").toAbsolutePath());
        Outcome o = assertTimeoutPreemptively(TIMEOUT, () -> Outcome.of(args),
                () -> "no verdict within " + TIMEOUT + ": args " + Printable.of(args.toString()));
        assertEquals(before, DirSnapshot.of(root, outputs), () -> "files under the run's directory changed\n"
                + o.describe());
        assertEquals(cwdBefore, DirSnapshot.namesIn(Path.of("").toAbsolutePath()),
                () -> "the working directory changed\n" + o.describe());
        return o;
    }

    /** Runs {@code args} and asserts the refusal: exit 2, one clean line, nothing on disk changed. */
    static Outcome assertRefused(Path root, List<String> args) {
        Outcome o = runWatched(root, args);
        assertRefused(o);
        return o;
    }

    /** Exit 2, nothing on stdout, one clean line on stderr. */
    static void assertRefused(Outcome o) {
        if (o.exit() != 2) {
            fail("expected exit 2 for bad input\n" + o.describe());
        }
        assertEquals("", o.out(), () -> "a refusal prints nothing on stdout\n" + o.describe());
        assertOneCleanLine(o.err(), o);
    }

    /** {@code text} is one non-empty line (then a line break) naming no throwable and holding no stack frame. */
    static void assertOneCleanLine(String text, Outcome o) {
        String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        assertFalse(line.isBlank(), () -> "an empty message\n" + o.describe());
        assertTrue(line.lines().count() == 1 && !line.contains("\r") && !line.contains("\n"),
                () -> "more than one line\n" + o.describe());
        assertFalse(line.contains("\tat ") || line.contains("at java."), () -> "a stack frame\n" + o.describe());
        assertFalse(THROWABLE_NAME.matcher(line).find(), () -> "names an exception class\n" + o.describe());
        assertFalse(line.contains("internal error"), () -> "the suite blamed itself\n" + o.describe());
    }

    /**
     * For input whose validity the construction does not decide: refused as above, or judged (exit 0 or 1) with
     * nothing on stderr; never exit 3 and never a trace.
     */
    static void assertRefusedOrJudged(Outcome o) {
        if (o.exit() == 2) {
            assertRefused(o);
        } else if (o.exit() == 0 || o.exit() == 1) {
            assertEquals("", o.err(), () -> "a verdict with something on stderr\n" + o.describe());
        } else {
            fail("exit " + o.exit() + ": neither a refusal nor a verdict\n" + o.describe());
        }
    }
}
