package dev.backprop.verification.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.backprop.spec.Dimensions;
import dev.backprop.spec.Matrix;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of one exchange file with Jackson's streaming parser, shared by {@link CaseFileReader} and
 * {@link GradientFileReader}. Streaming rather than a tree, so that a file near {@link CaseFiles#MAX_FILE_BYTES}
 * costs 8 bytes of heap per number and every problem can name the line and column of its token.
 *
 * <p>Each value reader starts at the value's first token (the caller has advanced to it) and ends on its last.
 * Anything that is not the documented format ends in a {@link Problem}: a path within the current scope
 * ({@code layers[1].W[0][2]}) and what is wrong. The file readers add the case and turn it into a
 * {@link BadInputException}. The file is only ever opened for reading.
 */
final class JsonInput implements Closeable {
    /**
     * Deeper than any exchange file needs (root, cases, case, layers, layer, W, row: 7), so that a pathologically
     * nested file is refused by the parser before it can cost anything.
     */
    static final int MAX_NESTING = 16;

    /** At most this many characters of a value the file holds are echoed in a message. */
    private static final int ECHO = 40;

    /**
     * NaN, Infinity and -Infinity are read (Python's json.dump writes them) so that they can be refused by name
     * instead of as a syntax error; the document length limit repeats the size check for files whose size
     * the file system cannot tell in advance (a pipe).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxDocumentLength(CaseFiles.MAX_FILE_BYTES)
                    .build())
            .build();

    /** Reads the value of one field; the parser is on the value's first token. */
    @FunctionalInterface
    interface FieldReader {
        void read(String name, String path) throws IOException;
    }

    /** Reads element {@code index} of an array; the parser is on the element's first token. */
    @FunctionalInterface
    interface ElementReader {
        void read(int index, String path) throws IOException;
    }

    /**
     * What is wrong and where, within the scope being read. Control flow inside the readers only (no stack
     * trace); it never leaves the package.
     */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;
        final String what;

        Problem(String path, String what) {
            super(path + ": " + what, null, false, false);
            this.path = path;
            this.what = what;
        }
    }

    private final String file;
    private final JsonParser parser;

    private JsonInput(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /**
     * Opens {@code path} for reading, refusing a missing file, a directory and a file larger than
     * {@link CaseFiles#MAX_FILE_BYTES} before reading a byte of it.
     */
    static JsonInput open(Path path) {
        String file = path.toString();
        if (Files.isDirectory(path)) {
            throw new BadInputException(file, "", "is a directory, not a file");
        }
        if (!Files.exists(path)) {
            throw new BadInputException(file, "", "no such file");
        }
        try {
            long size = Files.size(path);
            if (size > CaseFiles.MAX_FILE_BYTES) {
                throw new BadInputException(file, "", "is " + size + " bytes, more than the limit of "
                        + CaseFiles.MAX_FILE_BYTES + " bytes (1 GiB); nothing was read");
            }
            InputStream stream = Files.newInputStream(path);
            try {
                return new JsonInput(file, FACTORY.createParser(stream));
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw e;
            }
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /**
     * The one-line exception for a file the operating system would not let us read, in words rather than an
     * exception's class name; malformed JSON that reaches here (every parser call is meant to catch it first) is
     * still called malformed JSON.
     */
    static BadInputException cannotRead(String file, IOException e) {
        if (e instanceof JsonProcessingException j) {
            return new BadInputException(file, "", "malformed JSON" + at(j.getLocation()) + ": "
                    + oneLine(String.valueOf(j.getOriginalMessage())));
        }
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() == null ? "an input/output error" : e.getMessage();
        return new BadInputException(file, "", "cannot be read: " + oneLine(why));
    }

    /** The file as the user named it. */
    String file() {
        return file;
    }

    /** The one-line exception for {@code problem}, {@code scope} ("case c3", "cases[3]" or "") before its path. */
    BadInputException bad(String scope, Problem problem) {
        String where = scope.isEmpty() ? problem.path
                : problem.path.isEmpty() ? scope : scope + (scope.startsWith("case ") ? ", " : ".") + problem.path;
        return new BadInputException(file, oneLine(where), oneLine(problem.what));
    }

    // ---- tokens -----------------------------------------------------------------------------------------

    /** The next token, or null at the end of the input; malformed JSON and exceeded limits become a Problem. */
    JsonToken next() throws IOException {
        try {
            return parser.nextToken();
        } catch (StreamConstraintsException e) {
            throw new Problem("", "refused, " + e.getOriginalMessage() + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new Problem("", "malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        }
    }

    /**
     * The current token's text. Jackson reads a string's content only when it is asked for, so this is where a raw
     * control character or the end of the input inside a string is found: malformed JSON, not a file that cannot
     * be read.
     */
    private String text() throws IOException {
        try {
            return parser.getText();
        } catch (StreamConstraintsException e) {
            throw new Problem("", "refused, " + e.getOriginalMessage() + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new Problem("", "malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        }
    }

    /** The nesting depth of the current token's container: equal for the fields of one object. */
    int depth() {
        return parser.getParsingContext().getNestingDepth();
    }

    // ---- structure --------------------------------------------------------------------------------------

    /**
     * Reads the whole document: one object with {@code required} and {@code optional} fields, and nothing after
     * it.
     */
    void document(List<String> required, List<String> optional, FieldReader fields) throws IOException {
        if (next() == null) {
            throw new Problem("", "the file is empty; expected a JSON object");
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new Problem("", "the file must hold one JSON object {...}, found " + found() + here());
        }
        object("", required, optional, fields);
        if (next() != null) {
            throw new Problem("", "there is more after the end of the JSON object" + here());
        }
    }

    /**
     * Reads an object field by field: a field that is not in {@code required} or {@code optional} is refused,
     * listing the known ones (a misspelt field would otherwise be silently ignored), as is a field given twice
     * or a required field left out.
     */
    void object(String path, List<String> required, List<String> optional, FieldReader fields) throws IOException {
        expect(JsonToken.START_OBJECT, path, "an object {...}");
        Set<String> seen = new HashSet<>();
        while (next() != JsonToken.END_OBJECT) {
            String name = parser.currentName();
            String fieldPath = join(path, echo(name));
            if (!required.contains(name) && !optional.contains(name)) {
                throw new Problem(fieldPath, "unknown field " + quote(name) + "; the fields here are "
                        + describeFields(required, optional) + here());
            }
            if (!seen.add(name)) {
                throw new Problem(fieldPath, "the field " + quote(name) + " appears twice" + here());
            }
            next();
            fields.read(name, fieldPath);
        }
        for (String name : required) {
            if (!seen.contains(name)) {
                throw new Problem(join(path, name), "missing field " + quote(name) + "; the fields here are "
                        + describeFields(required, optional));
            }
        }
    }

    /** Reads an array of at least one element, each by {@code elements}. */
    void array(String path, String elementName, ElementReader elements) throws IOException {
        expect(JsonToken.START_ARRAY, path, "an array of " + elementName);
        int index = 0;
        while (next() != JsonToken.END_ARRAY) {
            elements.read(index, path + "[" + index + "]");
            index++;
        }
        if (index == 0) {
            throw new Problem(path, "is empty ([]); it needs at least one " + elementName + here());
        }
    }

    // ---- values -----------------------------------------------------------------------------------------

    String string(String path) throws IOException {
        expect(JsonToken.VALUE_STRING, path, "a string");
        return text();
    }

    /** A string, or null for JSON {@code null}. */
    String stringOrNull(String path) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : string(path);
    }

    /** An integer that fits a long. */
    long integer(String path) throws IOException {
        expect(JsonToken.VALUE_NUMBER_INT, path, "an integer");
        String text = text();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Problem(path, echo(text) + " is outside the range of a 64-bit integer" + here());
        }
    }

    /**
     * A finite number, converted exactly as Java's {@link Double#parseDouble} does (correctly rounded): the file
     * {@link CaseFiles#write} wrote reads back bit for bit, and so does any shortest round-trip output
     * (Python's repr, JavaScript, {@code %.17g}).
     */
    double number(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(path, "a number");
        }
        String text = text();
        if (!isNumeral(text)) {
            // NaN, Infinity, -Infinity and the like: read only so that they can be named here
            throw new Problem(path, echo(text) + " is not a finite number" + here());
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new Problem(path, echo(text) + " overflows a double (the largest finite double is "
                    + Double.MAX_VALUE + ")" + here());
        }
        return value;
    }

    /** A non-empty array of numbers. */
    double[] vector(String path) throws IOException {
        expect(JsonToken.START_ARRAY, path, "an array of numbers");
        next();
        return numbersFrom(path);
    }

    /** A matrix written as a non-empty array of rows of equal, non-zero length. */
    Matrix matrix(String path) throws IOException {
        expect(JsonToken.START_ARRAY, path, "an array of rows (arrays of numbers)");
        next();
        return rowsFrom(path);
    }

    /**
     * A flat array of numbers or a matrix (array of rows), whichever the first element shows: exactly one of
     * the results' fields is set.
     */
    VectorOrMatrix vectorOrMatrix(String path) throws IOException {
        expect(JsonToken.START_ARRAY, path, "an array of numbers or an array of rows");
        JsonToken first = next();
        return first == JsonToken.START_ARRAY ? new VectorOrMatrix(null, rowsFrom(path))
                : new VectorOrMatrix(numbersFrom(path), null);
    }

    /** What {@link #vectorOrMatrix} read. */
    record VectorOrMatrix(double[] vector, Matrix matrix) {
    }

    // ---- salvage --------------------------------------------------------------------------------------------

    /**
     * After a problem inside the object whose fields are at {@code objectDepth}: skips to the end of that object
     * looking for its string field {@code name}, so that the message can name the case even when its id comes
     * after the fault. Null if the object has no such field, or the rest of it cannot be read.
     */
    String salvageString(String name, int objectDepth) {
        try {
            JsonToken token = parser.currentToken();
            if (token == null || depth() < objectDepth) {
                return null;
            }
            while (true) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
                token = next();
                if (token == null || depth() < objectDepth) {
                    return null;
                }
                if (token == JsonToken.FIELD_NAME && depth() == objectDepth && name.equals(parser.currentName())) {
                    token = next();
                    if (token == JsonToken.VALUE_STRING) {
                        return parser.getText();
                    }
                }
            }
        } catch (IOException | Problem e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing was written; a failure to release a read-only stream changes no result
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Numbers from the current token to the closing bracket of an array whose '[' has been read. */
    private double[] numbersFrom(String path) throws IOException {
        Numbers values = new Numbers(path);
        int n = 0;
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_ARRAY; t = next()) {
            values.add(number(path + "[" + n + "]"));
            n++;
        }
        if (n == 0) {
            throw new Problem(path, "is empty ([]); every dimension is at least 1" + here());
        }
        return values.toArray();
    }

    /** Rows from the current token to the closing bracket of an array whose '[' has been read. */
    private Matrix rowsFrom(String path) throws IOException {
        Numbers values = new Numbers(path);
        int rows = 0;
        int cols = -1;
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_ARRAY; t = next()) {
            String rowPath = path + "[" + rows + "]";
            expect(JsonToken.START_ARRAY, rowPath, "a row (an array of numbers)");
            int n = 0;
            while (next() != JsonToken.END_ARRAY) {
                values.add(number(rowPath + "[" + n + "]"));
                n++;
            }
            if (n == 0) {
                throw new Problem(rowPath, "is empty ([]); every dimension is at least 1" + here());
            }
            if (cols >= 0 && n != cols) {
                throw new Problem(rowPath, "has " + Formats.count(n, "entry", "entries") + " but " + path
                        + "[0] has " + cols + "; the rows of a matrix all have the same length" + here());
            }
            cols = n;
            rows++;
        }
        if (rows == 0) {
            throw new Problem(path, "is empty ([]); every dimension is at least 1" + here());
        }
        return Matrix.of(rows, cols, values.toArray());
    }

    private void expect(JsonToken token, String path, String what) {
        if (parser.currentToken() != token) {
            throw wrongType(path, what);
        }
    }

    private Problem wrongType(String path, String what) {
        return new Problem(path, "expected " + what + ", found " + found() + here());
    }

    /** The current token as the user wrote it, e.g. {@code a string "0.5"} or {@code an array}. */
    private String found() {
        JsonToken t = parser.currentToken();
        try {
            switch (t) {
                case START_OBJECT:
                    return "an object";
                case START_ARRAY:
                    return "an array";
                case VALUE_STRING:
                    return "a string " + quote(parser.getText());
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return "the number " + echo(parser.getText());
                case VALUE_TRUE:
                case VALUE_FALSE:
                case VALUE_NULL:
                    return t.asString();
                case END_ARRAY:
                    return "the end of the array";
                default:
                    return String.valueOf(t);
            }
        } catch (IOException e) {
            return String.valueOf(t);
        }
    }

    /** " (line L, column C)" of the current token. */
    private String here() {
        return at(parser.currentTokenLocation());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** True for a JSON numeral; false for the non-numeric tokens NaN, Infinity, -Infinity, INF, …. */
    private static boolean isNumeral(String text) {
        int first = text.startsWith("-") ? 1 : 0;
        return text.length() > first && Character.isDigit(text.charAt(first));
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describeFields(List<String> required, List<String> optional) {
        List<String> all = new ArrayList<>(required);
        for (String o : optional) {
            all.add(o + " (optional)");
        }
        return String.join(", ", all);
    }

    /** {@code text} in double quotes, shortened and with control characters escaped, for a one-line message. */
    static String quote(String text) {
        return "\"" + echo(text) + "\"";
    }

    private static String echo(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < ECHO; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > ECHO ? out + "…" : out.toString();
    }

    /** Line breaks would break the one-line contract of a {@link BadInputException}. */
    static String oneLine(String text) {
        return text.replaceAll("\\R", " ");
    }

    /** A growing array of doubles, refused beyond the spec's limit on one value's entries before it allocates. */
    private final class Numbers {
        private final String path;
        private double[] values = new double[16];
        private int size;

        Numbers(String path) {
            this.path = path;
        }

        void add(double v) {
            if (size == values.length) {
                if (size >= Dimensions.MAX_ENTRIES) {
                    throw new Problem(path, "holds more than " + Dimensions.MAX_ENTRIES
                            + " numbers, the most one matrix may have" + here());
                }
                values = Arrays.copyOf(values, (int) Math.min(2L * size, Dimensions.MAX_ENTRIES));
            }
            values[size++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
