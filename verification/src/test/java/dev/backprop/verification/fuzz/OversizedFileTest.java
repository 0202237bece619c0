package dev.backprop.verification.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.verification.exchange.CaseFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case or gradient file one byte over {@link CaseFiles#MAX_FILE_BYTES} is refused by its size, before a byte of it
 * is read: a sparse file, so that the test costs no disk and no time, and any attempt to read it through would
 * show as a malformed-JSON refusal (its bytes are zeros) instead of the size refusal.
 */
class OversizedFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileOverTheLimitIsRefusedByItsSizeAlone() throws IOException {
        Fixture fixture = Fixture.write(dir.resolve("fixture"));
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(CaseFiles.MAX_FILE_BYTES + 1);
        }
        for (List<String> args : List.of(
                List.of("judge", "--cases", huge.toString(), "--gradients", fixture.gradients().toString()),
                List.of("judge", "--cases", fixture.cases().toString(), "--gradients", huge.toString()))) {
            // no snapshot of dir: hashing the sparse gigabyte is the cost this test avoids; its size is checked
            Outcome o = Outcome.of(args);
            Oracle.assertRefused(o);
            assertTrue(o.err().contains(huge + ": is " + (CaseFiles.MAX_FILE_BYTES + 1) + " bytes, more than the limit"),
                    o::describe);
            assertEquals(CaseFiles.MAX_FILE_BYTES + 1, Files.size(huge));
        }
    }
}
