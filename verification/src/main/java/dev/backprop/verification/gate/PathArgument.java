package dev.backprop.verification.gate;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a path argument for picocli, saying in words why one is not a path (a NUL character, say): picocli's
 * own conversion puts the exception's class name into the one line of a usage error.
 */
final class PathArgument {
    private PathArgument() {
    }

    static Path of(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + text + "' is not a path on this system: " + e.getReason()
                    + (e.getIndex() >= 0 ? " (at character " + (e.getIndex() + 1) + ")" : ""));
        }
    }
}
