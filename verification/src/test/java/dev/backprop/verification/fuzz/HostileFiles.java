package dev.backprop.verification.fuzz;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.backprop.verification.fuzz.JsonSlots.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of hostile exchange files (case files, gradient files, the two files of a replay), each
 * seeded and shrinking (towards short inputs, early positions, the first slot and the first replacement). Every
 * generator here makes input that is invalid <em>by construction</em> — the reason is in its javadoc — so that the
 * only right answer is a refusal; {@link #anyByteFlip} alone may make a valid file, and its users say so.
 *
 * <p>Mutations start from a valid file the suite wrote itself and change exactly one thing, so that a refusal is
 * caused by that thing and nothing else.
 */
final class HostileFiles {
    /** One hostile file: the kind of mutation, what exactly was done (to reproduce it), and the bytes. */
    record Hostile(String kind, String description, byte[] bytes) {
        @Override
        public String toString() {
            return kind + ": " + description + " (" + bytes.length + " bytes)";
        }
    }

    /**
     * Values no number slot may hold: not finite numbers ({@code NaN}, {@code Infinity}, …), not numbers
     * ({@code null}, strings, booleans, objects, arrays), or numbers beyond a double or beyond the parser's 1000
     * digits. Each is refused in every slot: a matrix entry must be a finite double, version must be 1, seed an
     * integer within a long. Not {@code [0.5]}: in place of the one entry of a one-unit layer's db it makes
     * {@code [[0.5]]}, a valid 1×1 matrix (the long run found that); {@code [0.5,0.5]} is a 1×2 one, which fits no
     * bias.
     */
    static final List<String> NOT_A_NUMBER = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "-NaN", "null",
            "\"0.5\"", "\"\"", "true", "false", "{}", "[]", "[0.5,0.5]", "1e400", "-1e400", "1e309",
            "1" + "0".repeat(400), "-" + "1".repeat(400) + ".5", "9".repeat(5000), "0." + "1".repeat(5000) + "e400");

    /** Values refused in an integer slot (version, seed) though a matrix entry could hold them. */
    static final List<String> NOT_AN_INTEGER = List.of("12345678901234567890", "-9223372036854775809",
            "99999999999999999999", "1.5", "1e3", "-0.0");

    /** Nesting 10⁵ deep: the readers allow 16 levels, and an exchange file needs 7. */
    static final int DEEP = 100_000;

    /** Deeply nested values; none is a number, a string or an array of numbers. */
    static final List<String> NESTED = List.of("[".repeat(DEEP), "[".repeat(DEEP) + "]".repeat(DEEP),
            "{\"a\":".repeat(DEEP) + "0" + "}".repeat(DEEP), "[{\"W\":".repeat(DEEP / 10));

    private HostileFiles() {
    }

    /**
     * Random bytes, from all 256 values or from JSON's own characters (which get further into the parser). Invalid
     * by construction: every exchange file holds its format's name, spelt with a '/', and these bytes hold neither
     * a backslash (no escape can spell it) nor the name itself (the filter, which in practice never rejects).
     */
    static Gen<Hostile> randomBytes() {
        Gen<byte[]> any = Generate.byteArrays(Generate.range(0, 2_000),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        byte[] jsonish = "{}[]:,\"\" \n\t0123456789.-+eENaInfinitytruefalsenull#/*abcformatversioncases".getBytes(US_ASCII);
        Gen<byte[]> json = Generate.intArrays(Generate.range(0, 2_000), Generate.range(0, jsonish.length - 1))
                .map(idx -> {
                    byte[] b = new byte[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        b[i] = jsonish[idx[i]];
                    }
                    return b;
                });
        return Generate.oneOf(any, json).map(HostileFiles::withoutBackslash)
                .assuming(b -> !new String(b, US_ASCII).contains("backprop-verify"))
                .map(b -> new Hostile("random bytes", "random bytes", b))
                .describedAs(h -> h + " " + Printable.of(new String(h.bytes(), US_ASCII)));
    }

    /**
     * A proper prefix of {@code valid} that ends before the document's closing brace: an unclosed JSON object, so
     * never a document.
     */
    static Gen<Hostile> truncations(byte[] valid) {
        int close = lastIndexOf(valid, (byte) '}');
        return Generate.range(0, close).map(n -> new Hostile("truncated", "the first " + n + " of " + valid.length
                + " bytes", Arrays.copyOf(valid, n)));
    }

    /**
     * One byte of {@code valid} replaced by a control character that is not JSON whitespace: outside a string it
     * is no token, inside one it must be escaped, so the document is malformed wherever it lands.
     */
    static Gen<Hostile> controlByteFlips(byte[] valid) {
        List<Byte> controls = new ArrayList<>();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                controls.add((byte) c);
            }
        }
        controls.add((byte) 0x7f);
        return Generate.range(0, valid.length - 1).zip(Generate.pick(controls), (at, c) -> {
            byte[] b = valid.clone();
            if (c == 0x7f && inString(valid, at)) {
                // DEL is legal inside a JSON string: put a NUL there instead, which is not
                c = 0;
            }
            b[at] = c;
            return new Hostile("control byte", String.format("byte %d ('%s') set to 0x%02x", at,
                    Printable.of(String.valueOf((char) valid[at])), c), b);
        });
    }

    /** One byte anywhere set to any value: may leave a valid file (a digit for a digit), so not a refusal by itself. */
    static Gen<Hostile> anyByteFlip(byte[] valid) {
        return Generate.range(0, valid.length - 1).zip(Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0),
                (at, v) -> {
                    byte[] b = valid.clone();
                    b[at] = v;
                    return new Hostile("any byte", String.format("byte %d set to 0x%02x", at, v & 0xff), b);
                });
    }

    /** Every number slot in turn replaced by one of {@link #NOT_A_NUMBER}, or, in an integer slot, {@link #NOT_AN_INTEGER}. */
    static Gen<Hostile> numberSlots(byte[] valid) {
        JsonSlots slots = JsonSlots.of(valid);
        List<String> forInteger = new ArrayList<>(NOT_A_NUMBER);
        forInteger.addAll(NOT_AN_INTEGER);
        return Generate.range(0, slots.numbers().size() - 1).zip(Generate.range(0, forInteger.size() - 1),
                (i, r) -> {
                    Span s = slots.numbers().get(i);
                    List<String> pool = s.integer() ? forInteger : NOT_A_NUMBER;
                    String value = pool.get(r % pool.size());
                    return new Hostile("number slot", s.pointer() + " = " + Printable.of(value),
                            splice(valid, s.start(), s.end(), value));
                });
    }

    /** Any number slot replaced by a 10⁵-deep nesting ({@link #NESTED}), or the whole document nested so. */
    static Gen<Hostile> deepNesting(byte[] valid) {
        JsonSlots slots = JsonSlots.of(valid);
        return Generate.range(-1, slots.numbers().size() - 1).zip(Generate.range(0, NESTED.size() - 1), (i, r) -> {
            String value = NESTED.get(r);
            if (i < 0) {
                return new Hostile("deep nesting", "the whole file is " + Printable.of(value),
                        value.getBytes(US_ASCII));
            }
            Span s = slots.numbers().get(i);
            return new Hostile("deep nesting", s.pointer() + " = " + Printable.of(value),
                    splice(valid, s.start(), s.end(), value));
        });
    }

    /** Any array replaced by [] (a dimension of 0): every array of an exchange file needs an element. */
    static Gen<Hostile> emptyArrays(byte[] valid) {
        JsonSlots slots = JsonSlots.of(valid);
        return Generate.range(0, slots.arrays().size() - 1).map(i -> {
            Span s = slots.arrays().get(i);
            return new Hostile("empty array", "the array at byte " + s.start() + " emptied",
                    splice(valid, s.start(), s.end(), "[]"));
        });
    }

    /**
     * A field the format does not have, or one it has given twice, inserted first into any object: the readers
     * refuse unknown fields (a misspelt one would otherwise be ignored) and repeated ones.
     */
    static Gen<Hostile> extraFields(byte[] valid) {
        JsonSlots slots = JsonSlots.of(valid);
        List<String> fields = List.of("\"zzz\":0,", "\"\":null,", "\"Format\":\"x\",", "\"layers \":[],",
                "\"id\":\"c0\",\"id\":\"c0\",", "\"W\":[[1]],\"W\":[[1]],", "\"version\":1,\"version\":1,");
        return Generate.range(0, slots.objects().size() - 1).zip(Generate.range(0, fields.size() - 1), (i, f) -> {
            int at = slots.objects().get(i) + 1;
            return new Hostile("extra field", fields.get(f) + " inserted after the '{' at byte " + (at - 1),
                    splice(valid, at, at, fields.get(f)));
        });
    }

    /**
     * Extreme but finite numbers: negative zero, 20-digit integers, subnormals, underflow to zero, the largest
     * double. A matrix entry may hold any of them, so a file holding them is valid.
     */
    static final List<String> EXTREME_FINITE = List.of("-0", "-0.0", "12345678901234567890", "-99999999999999999999",
            "1e-400", "4.9e-324", "-2.2250738585072014E-308", "1.7976931348623157e308", "-1.7976931348623157E308",
            "0.000000000000000000000000000001", "1E+2");

    /**
     * Above this a single entry can make the loss or its gradient overflow (squared, or summed with others), and the
     * judge refuses the case as one that cannot be judged in double precision.
     */
    static final double HUGE = 1e150;

    /**
     * One matrix entry whose pointer matches one of {@code under} replaced by one of {@link #EXTREME_FINITE}: valid
     * by construction, so the answer is a verdict; only a "huge finite entry" (beyond {@link #HUGE}) may instead be
     * refused as a case that cannot be judged in double precision.
     */
    static Gen<Hostile> extremeEntries(byte[] valid, List<String> under) {
        JsonSlots slots = JsonSlots.of(valid);
        List<Span> entries = slots.numbers().stream().filter(s -> !s.integer()
                && under.stream().anyMatch(u -> s.pointer().matches(u))).toList();
        return Generate.range(0, entries.size() - 1).zip(Generate.range(0, EXTREME_FINITE.size() - 1), (i, r) -> {
            Span s = entries.get(i);
            String kind = Math.abs(Double.parseDouble(EXTREME_FINITE.get(r))) > HUGE ? "huge finite entry"
                    : "extreme finite entry";
            return new Hostile(kind, s.pointer() + " = " + EXTREME_FINITE.get(r),
                    splice(valid, s.start(), s.end(), EXTREME_FINITE.get(r)));
        });
    }

    /** Every invalid-by-construction kind above, mixed. */
    static Gen<Hostile> anyInvalid(byte[] valid) {
        return Generate.oneOf(randomBytes(), truncations(valid), controlByteFlips(valid), numberSlots(valid),
                deepNesting(valid), emptyArrays(valid), extraFields(valid));
    }

    static byte[] splice(byte[] valid, int start, int end, String value) {
        byte[] v = value.getBytes(US_ASCII);
        byte[] b = new byte[valid.length - (end - start) + v.length];
        System.arraycopy(valid, 0, b, 0, start);
        System.arraycopy(v, 0, b, start, v.length);
        System.arraycopy(valid, end, b, start + v.length, valid.length - end);
        return b;
    }

    private static byte[] withoutBackslash(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '\\') {
                c[i] = '/';
            }
        }
        return c;
    }

    /** Whether byte {@code at} of a valid JSON document is inside a string (its quotes excluded). */
    static boolean inString(byte[] json, int at) {
        boolean in = false;
        for (int i = 0; i < at; i++) {
            if (in && json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                in = !in;
            }
        }
        return in && json[at] != '"';
    }

    private static int lastIndexOf(byte[] b, byte v) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("no '}' in a valid exchange file");
    }
}
