package dev.backprop.verification.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under a directory: each path relative to it, with "dir" for a directory, the target of a symbolic
 * link, and size plus SHA-256 of the content for a file. Two snapshots are equal exactly when nothing was created, removed or changed in between.
 */
record DirSnapshot(Map<String, String> entries) {
    static DirSnapshot of(Path root) {
        return of(root, List.of());
    }

    /** As {@link #of(Path)}, leaving out {@code outputs} and everything under them: the named outputs of a run. */
    static DirSnapshot of(Path root, List<Path> outputs) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (outputs.stream().anyMatch(p::startsWith)) {
                    continue;
                }
                String key = root.relativize(p).toString();
                // a link is recorded, not followed: it may point at /dev/zero
                entries.put(key, Files.isSymbolicLink(p) ? "link to " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Files.size(p) + " bytes, sha256 " + sha256(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirSnapshot(entries);
    }

    /** Only the names directly in {@code dir}: cheap enough for the working directory around every run. */
    static DirSnapshot namesIn(Path dir) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> entries.put(p.getFileName().toString(), Files.isDirectory(p) ? "dir" : "file"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirSnapshot(entries);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
