package dev.backprop.verification.gate;

import java.io.PrintStream;

/**
 * What a long run is doing, for a person watching a terminal. Shown on stderr, one line rewritten in place,
 * only when the JVM has a console (stdout is a terminal); silent in CI logs and pipes, so that the report on
 * stdout is the same bytes however the command is run.
 */
public interface Progress {
    /** Shows nothing. */
    Progress SILENT = new Progress() {
        @Override
        public void step(String what) {
        }

        @Override
        public void done() {
        }
    };

    /** A new step has begun. */
    void step(String what);

    /** The run is over: clear the line. */
    void done();

    /** Progress on {@code err} when there is a terminal, else {@link #SILENT}. */
    static Progress onTerminal(PrintStream err) {
        if (System.console() == null) {
            return SILENT;
        }
        return new Progress() {
            private final long start = System.nanoTime();

            @Override
            public void step(String what) {
                err.printf("\r\033[K[%5.1f s] %s …", (System.nanoTime() - start) / 1e9, what);
                err.flush();
            }

            @Override
            public void done() {
                err.print("\r\033[K");
                err.flush();
            }
        };
    }
}
