package dev.backprop.verification.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where reports are written, and the rules for it: a report file is written whole or not at all (to a temporary
 * file beside it, then moved over it), never over a directory, never into a directory that does not exist, and
 * never over one of the run's own inputs.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Throws {@link IllegalArgumentException}, with a one-line message naming the option, when {@code file}
     * cannot be a report: it is a directory, its directory does not exist, or it is one of {@code inputs}.
     */
    public static void requireWritable(String option, Path file, Collection<Path> inputs) {
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException(option + ": the file name is empty");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a directory, not a file");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // a report replaces its file; a device, a pipe or a symbolic link would be replaced, not written to
            throw new IllegalArgumentException(option + " " + file + ": is not a regular file (a device, a pipe or a "
                    + "symbolic link); a report is only written to a regular file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + parent + " does not exist");
        }
        for (Path input : inputs) {
            if (real(file).equals(real(input))) {
                throw new IllegalArgumentException(option + " " + file + ": is an input of this run; it is never "
                        + "overwritten");
            }
        }
    }

    /** Throws unless every path of {@code outputs} (null ones skipped) is a different file. */
    public static void requireDistinct(Map<String, Path> outputs) {
        Map<Path, String> seen = new HashMap<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            if (e.getValue() != null) {
                String other = seen.put(real(e.getValue()), e.getKey());
                if (other != null) {
                    throw new IllegalArgumentException(other + " and " + e.getKey() + " name the same file "
                            + e.getValue() + "; one would overwrite the other");
                }
            }
        }
    }

    /** The path as the file system resolves it (links followed) when it exists, else absolute and normalised. */
    private static Path real(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Writes {@code text} in UTF-8 to {@code file}, atomically where the file system allows. */
    public static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // a temporary file is private (0600); a report is an ordinary file others may read
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
