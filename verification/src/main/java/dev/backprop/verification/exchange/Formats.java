package dev.backprop.verification.exchange;

import dev.backprop.verification.exchange.JsonInput.Problem;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The checks both file kinds share: the "format" and "version" fields, case ids, and names from a fixed list. */
final class Formats {
    /** As {@link ExchangeCase} requires, checked here so that the message names the field. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Formats() {
    }

    /** The "format" field must be {@code expected}; the other kind's name gets a message of its own. */
    static void requireFormat(JsonInput in, String path, String expected) throws IOException {
        String format = in.string(path);
        if (format.equals(expected)) {
            return;
        }
        String other = expected.equals(CaseFiles.FORMAT) ? GradientFiles.FORMAT : CaseFiles.FORMAT;
        if (format.equals(other)) {
            throw new Problem(path, "is " + JsonInput.quote(format) + ": this is a "
                    + (other.equals(CaseFiles.FORMAT) ? "case file" : "gradient file") + ", expected a "
                    + (other.equals(CaseFiles.FORMAT) ? "gradient file" : "case file") + " (\"" + expected
                    + "\") here");
        }
        throw new Problem(path, "must be \"" + expected + "\", found " + JsonInput.quote(format));
    }

    /** The "version" field must be {@code version}, the only one this reader knows. */
    static void requireVersion(JsonInput in, String path, int version) throws IOException {
        long found = in.integer(path);
        if (found != version) {
            throw new Problem(path, "is " + found + "; this reader knows version " + version + " of the format only");
        }
    }

    /** True if {@code id} may name a case (and so a message's scope); false for null. */
    static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A case id, as {@link ExchangeCase} requires it. */
    static String id(JsonInput in, String path) throws IOException {
        String id = in.string(path);
        if (!isId(id)) {
            throw new Problem(path, "is " + JsonInput.quote(id)
                    + "; a case id is 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /**
     * The constant the spec knows by {@code name} ({@code byName} is the enum's {@code named}, case-insensitive),
     * or a Problem at {@code path} listing the known names of {@code kind}.
     */
    static <E> E named(String path, String kind, String name, E[] values, Function<String, E> byName,
            Function<E, String> reportName) {
        try {
            return byName.apply(name);
        } catch (IllegalArgumentException e) {
            // our own message: the spec's echoes the name unescaped, and a file may hold any characters
            throw new Problem(path, "unknown " + kind + " " + JsonInput.quote(name) + "; known: "
                    + known(values, reportName));
        }
    }

    /** "1 entry", "2 entries". */
    static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The names of {@code values}, comma-separated. */
    static <E> String known(E[] values, Function<E, String> reportName) {
        return Arrays.stream(values).map(reportName).collect(Collectors.joining(", "));
    }
}
