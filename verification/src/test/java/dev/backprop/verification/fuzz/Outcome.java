package dev.backprop.verification.fuzz;

import dev.backprop.verification.gate.InProcessGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the command line, in-process: its arguments, exit code, stdout and stderr. */
record Outcome(List<String> args, int exit, String out, String err) {
    static Outcome of(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = InProcessGate.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Outcome(List.copyOf(args), exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** For failure messages: the arguments (control characters escaped) and everything printed. */
    String describe() {
        return "args " + Printable.of(args.toString()) + "\nexit " + exit + "\nstderr: " + err + "\nstdout: "
                + (out.length() > 2000 ? out.substring(0, 2000) + "…" : out);
    }
}
