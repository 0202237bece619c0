package dev.backprop.verification.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * A file the system will not let the suite read is refused in words, never with the exception's class name that
 * the message used to end with ("(AccessDeniedException)"); and malformed JSON that reaches that path is still
 * called malformed JSON (the fuzzing found a control character inside a string reported as an unreadable file).
 */
class CannotReadMessageTest {
    @Test
    void theOperatingSystemsRefusalsAreSaidInWords() {
        assertEquals("f.json: cannot be read: permission denied",
                JsonInput.cannotRead("f.json", new AccessDeniedException("f.json")).getMessage());
        assertEquals("f.json: cannot be read: no such file",
                JsonInput.cannotRead("f.json", new NoSuchFileException("f.json")).getMessage());
        assertEquals("f.json: cannot be read: Too many levels of symbolic links",
                JsonInput.cannotRead("f.json", new FileSystemException("f.json", null,
                        "Too many levels of symbolic links")).getMessage());
        assertEquals("f.json: cannot be read: an input/output error",
                JsonInput.cannotRead("f.json", new IOException()).getMessage());
        assertEquals("f.json: cannot be read: disk on fire   second line",
                JsonInput.cannotRead("f.json", new IOException("disk on fire \n second line")).getMessage());
    }

    @Test
    void malformedJsonStaysMalformedJson() throws IOException {
        JsonParseException e;
        try (JsonParser p = new JsonFactory().createParser("{\"a\":\u0001}")) {
            e = assertThrows(JsonParseException.class, () -> {
                while (p.nextToken() != null) {
                    // to the control character
                }
            });
        }
        String message = JsonInput.cannotRead("f.json", e).getMessage();
        assertEquals(true, message.startsWith("f.json: malformed JSON (line 1, column "), message);
        assertEquals(false, message.contains("Exception"), message);
    }
}
