package dev.backprop.verification.gate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the command line in-process, as the tests see it: exit code, stdout and stderr. */
record CommandRun(int exit, String out, String err) {
    /** The command line on the built-in implementations. */
    static CommandRun of(String... args) {
        return of(Gate.builtIns(), args);
    }

    /** The command line on {@code subjects}. */
    static CommandRun of(Map<String, Subject> subjects, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GateMain.run(subjects, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
