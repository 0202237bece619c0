package dev.backprop.verification.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON reports' common ground: one mapper, fields in the order they were put (so the same run writes the
 * same bytes), and the rule for numbers JSON cannot hold — a non-finite scaled error (shapes that disagree)
 * is written as the string {@code "Infinity"} or {@code "NaN"}, never as an invalid token.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** A new, empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code value} as a JSON number when finite, else as its name. */
    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    /** The document as text, ending in a newline. */
    public static String render(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report tree always serialises: " + e.getMessage(), e);
        }
    }

    /** Writes the document to {@code file}, atomically ({@link OutputFiles#write}). */
    public static void write(ObjectNode root, Path file) throws IOException {
        OutputFiles.write(file, render(root));
    }
}
