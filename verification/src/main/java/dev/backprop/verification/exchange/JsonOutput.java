package dev.backprop.verification.exchange;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.backprop.spec.Matrix;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one exchange file with Jackson's generator, laid out for people: an object one field per line, an
 * array of rows or objects one element per line, and a row or vector of numbers on one line. Numbers are written
 * by {@link Double#toString}, which round-trips: {@link JsonInput#number} reads every one back bit for bit.
 * Non-ASCII text is escaped so that the file is plain ASCII, whatever encoding its reader assumes.
 */
final class JsonOutput implements Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final JsonGenerator out;

    private JsonOutput(JsonGenerator out) {
        this.out = out;
    }

    /** Creates or truncates {@code path}. */
    static JsonOutput create(Path path) throws IOException {
        JsonGenerator generator = FACTORY.createGenerator(Files.newOutputStream(path), JsonEncoding.UTF8);
        generator.setPrettyPrinter(new Layout());
        return new JsonOutput(generator);
    }

    JsonGenerator generator() {
        return out;
    }

    /** A field whose value is {@code m} as an array of rows. */
    void matrix(String name, Matrix m) throws IOException {
        out.writeFieldName(name);
        out.writeStartArray();
        for (int i = 0; i < m.rows(); i++) {
            out.writeStartArray();
            for (int j = 0; j < m.cols(); j++) {
                out.writeNumber(m.get(i, j));
            }
            out.writeEndArray();
        }
        out.writeEndArray();
    }

    /** A field whose value is the columns of {@code m} as an array of rows: a sample-major batch. */
    void columnsAsRows(String name, Matrix m) throws IOException {
        matrix(name, m.transpose());
    }

    /** A field whose value is a flat array of numbers. */
    void vector(String name, double[] values) throws IOException {
        out.writeFieldName(name);
        out.writeStartArray();
        for (double v : values) {
            out.writeNumber(v);
        }
        out.writeEndArray();
    }

    @Override
    public void close() throws IOException {
        out.writeRaw('\n');
        out.close();
    }

    /**
     * The layout described above. Jackson's default printer puts every array on one line (a 512×784 W as one
     * line) or every number on its own line; neither is readable. An array is a vector or a row — on one line —
     * when it sits inside another array or is the value of one of {@link #VECTORS}.
     */
    private static final class Layout implements PrettyPrinter {
        private static final java.util.Set<String> VECTORS = java.util.Set.of("b", "db");
        private static final String INDENT = "  ";

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            // one root value per file
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newLine(g, depth(g.getOutputContext()));
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newLine(g, depth(g.getOutputContext()));
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            if (entries > 0) {
                newLine(g, depth(g.getOutputContext()) - 1);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!inline(g.getOutputContext())) {
                newLine(g, depth(g.getOutputContext()));
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            if (inline(g.getOutputContext())) {
                g.writeRaw(' ');
            } else {
                newLine(g, depth(g.getOutputContext()));
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (values > 0 && !inline(g.getOutputContext())) {
                newLine(g, depth(g.getOutputContext()) - 1);
            }
            g.writeRaw(']');
        }

        private static boolean inline(JsonStreamContext array) {
            JsonStreamContext parent = array.getParent();
            return parent.inArray() || parent.inObject() && VECTORS.contains(parent.getCurrentName());
        }

        private static int depth(JsonStreamContext context) {
            int depth = 0;
            for (JsonStreamContext c = context.getParent(); c != null; c = c.getParent()) {
                depth++;
            }
            return depth;
        }

        private static void newLine(JsonGenerator g, int depth) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw(INDENT);
            }
        }
    }
}
