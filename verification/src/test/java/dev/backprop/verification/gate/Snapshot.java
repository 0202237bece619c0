package dev.backprop.verification.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every regular file under a directory and its bytes (held as ISO-8859-1 text, one char per byte, so that equal
 * snapshots are equal bytes and a difference prints readably): what a test compares before and after a command
 * to show the command modified nothing it was given.
 */
record Snapshot(Map<String, String> files) {
    static Snapshot of(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(root.relativize(p).toString(), new String(Files.readAllBytes(p),
                            StandardCharsets.ISO_8859_1));
                }
            }
        }
        return new Snapshot(files);
    }
}
