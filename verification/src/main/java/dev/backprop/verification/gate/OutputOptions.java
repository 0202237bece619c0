package dev.backprop.verification.gate;

import dev.backprop.verification.report.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks every command makes of its output options before it runs anything: each named file can be written
 * ({@link OutputFiles#requireWritable}), no two name the same file, and a replay directory is not a file. A
 * failure is picocli's usage error: one line, exit 2.
 */
final class OutputOptions {
    private OutputOptions() {
    }

    /**
     * @param outputs   option name → file, null where the option was not given
     * @param inputs    the run's input files, never to be overwritten
     * @param replayDir the replay directory, or null when the command has none
     */
    static void require(CommandSpec spec, Map<String, Path> outputs, Collection<Path> inputs, Path replayDir) {
        try {
            for (Map.Entry<String, Path> e : outputs.entrySet()) {
                if (e.getValue() != null) {
                    OutputFiles.requireWritable(e.getKey(), e.getValue(), inputs);
                }
            }
            OutputFiles.requireDistinct(outputs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (replayDir != null && Files.exists(replayDir) && !Files.isDirectory(replayDir)) {
            throw new ParameterException(spec.commandLine(), "--replay-dir " + replayDir + ": is a file, not a directory");
        }
    }
}
