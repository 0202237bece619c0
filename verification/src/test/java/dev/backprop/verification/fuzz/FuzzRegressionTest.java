package dev.backprop.verification.fuzz;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defects the fuzzing found, each as the smallest input that showed it: each must now end in exit 2 with one
 * clean line ({@link Oracle#assertRefused}) saying what is wrong.
 */
class FuzzRegressionTest {
    @TempDir
    static Path dir;
    private static Fixture fixture;

    @BeforeAll
    static void writeFixture() {
        fixture = Fixture.write(dir.resolve("fixture"));
    }

    /** Was: "cannot be read: Illegal unquoted character … (JsonParseException)". */
    @Test
    void aControlCharacterInsideAStringIsMalformedJson() throws IOException {
        byte[] b = fixture.caseBytes().clone();
        int inFormat = new String(b, US_ASCII).indexOf("backprop-verify/cases");
        b[inFormat] = 0;
        Outcome o = judgeCases(b);
        assertTrue(o.err().contains("malformed JSON (line "), o::describe);
    }

    /** Was: "cannot be read: Unexpected end-of-input in VALUE_STRING … (JsonEOFException)". */
    @Test
    void aFileEndingInsideAStringIsMalformedJson() throws IOException {
        String text = new String(fixture.caseBytes(), US_ASCII);
        Outcome o = judgeCases(text.substring(0, text.indexOf("backprop-verify/cases") + 3).getBytes(US_ASCII));
        assertTrue(o.err().contains("malformed JSON"), o::describe);
    }

    /** Was: the unknown option "--out\nx" echoed with its line break, two lines on stderr. */
    @Test
    void aLineBreakInAnArgumentIsEscaped() {
        Outcome o = Oracle.assertRefused(dir, List.of("--seed", "0", "--out\nx"));
        assertTrue(o.err().contains("--out\\nx"), o::describe);
    }

    /** Was: a file name with a line break made the judge's one line two. */
    @Test
    void aLineBreakInAFileNameIsEscaped() {
        Outcome o = Oracle.assertRefused(dir, List.of("judge", "--cases", dir + "/two\nlines.json", "--gradients",
                fixture.gradients().toString()));
        assertTrue(o.err().contains("two\\u000alines.json: no such file"), o::describe);
    }

    /** Was: "cannot convert … to interface java.nio.file.Path (java.nio.file.InvalidPathException: …)". */
    @Test
    void aPathWithANulCharacterIsRefusedInWords() {
        Outcome o = Oracle.assertRefused(dir, List.of("--json", dir + "/nul\u0000.json"));
        assertTrue(o.err().contains("is not a path on this system: Nul character not allowed"), o::describe);
    }

    /** Was: the parameter count overflowed a long, and the spec's refusal surfaced as an internal error, exit 3. */
    @Test
    void manyWidthsNearTwoToThe31AreRefusedAsTooManyParameters() {
        Outcome o = Oracle.assertRefused(dir, List.of("cases", "--out", dir.resolve("never.json").toString(),
                "--widths", String.join(",", Collections.nCopies(4, "2147483647"))));
        assertTrue(o.err().contains("has more than 67108864 parameters"), o::describe);
    }

    /** Was: "internal error, no verdict: dev.backprop.spec.NonFiniteValueException: ∂ℓ/∂W1 … has +Infinity", exit 3. */
    @Test
    void aCaseWhoseGradientOverflowsIsRefused() throws IOException {
        JsonSlots slots = JsonSlots.of(fixture.caseBytes());
        JsonSlots.Span w = slots.numbers().stream().filter(s -> s.pointer().equals("/cases/0/layers/0/W/0/0"))
                .findFirst().orElseThrow();
        Outcome o = judgeCases(HostileFiles.splice(fixture.caseBytes(), w.start(), w.end(), "1.7976931348623157e308"));
        assertTrue(o.err().contains("case c0: cannot be judged in double precision"), o::describe);
    }

    private static Outcome judgeCases(byte[] bytes) throws IOException {
        Path file = dir.resolve("regression-cases.json");
        Files.write(file, bytes);
        Outcome o = Oracle.assertRefused(dir, List.of("judge", "--cases", file.toString(), "--gradients",
                fixture.gradients().toString(), "--replay-dir", dir.resolve("replays").toString()));
        assertEquals(1, o.err().lines().count());
        assertTrue(o.err().startsWith("backprop-verify judge: " + file + ": "), o::describe);
        return o;
    }
}
