package dev.backprop.verification.gate;

import java.io.PrintStream;

/**
 * The command line in-process for tests outside this package (the fuzz tests): {@link GateMain#run} on the
 * built-in implementations, which never throws and never calls {@code System.exit}. Test code only.
 */
public final class InProcessGate {
    private InProcessGate() {
    }

    /** Runs {@code args} as the command line would, printing to {@code out} and {@code err}; the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return GateMain.run(out, err, args);
    }
}
