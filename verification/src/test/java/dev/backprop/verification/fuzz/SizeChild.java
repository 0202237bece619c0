package dev.backprop.verification.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The child JVM of {@link AbsurdSizesTest}: runs each command line of its input file (one a line, arguments
 * separated by U+001F) in-process and writes, one a line, the exit code, stderr and stdout with line breaks
 * escaped, separated by U+001F; its first line is the JVM's maximum heap, to show the limit was in force.
 */
public final class SizeChild {
    static final String SEPARATOR = "\u001f";

    private SizeChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> results = new ArrayList<>();
        results.add(String.valueOf(Runtime.getRuntime().maxMemory()));
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            Outcome o = Outcome.of(Arrays.asList(line.split(SEPARATOR, -1)));
            results.add(o.exit() + SEPARATOR + escape(o.err()) + SEPARATOR + escape(o.out()));
        }
        Files.write(Path.of(args[1]), results, StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
