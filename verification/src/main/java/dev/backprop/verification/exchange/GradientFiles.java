package dev.backprop.verification.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gradient files: an implementation's answer to a case file, one gradient per case. The suite reads them
 * strictly against the case set ({@link #read}) and writes them for its own worked example and tests
 * ({@link #write}).
 *
 * <p>The format (version 1), JSON in UTF-8:
 * <pre>
 * { "format": "backprop-verify/gradients", "version": 1, "implementation": "optional name",
 *   "gradients": [ { "id": "c0", "layout": "denominator", "precision": "float64",
 *       "layers": [ {"dW": [[..],[..]], "db": [..]}, … ] } ] }
 * </pre>
 * <ul>
 * <li>{@code layout} (required) is {@code numerator} or {@code denominator} ({@link Layout}): in denominator
 *     layout dW of layer k is n_k × n_{k−1}, W_k's own shape, and db is n_k × 1; in numerator layout dW is
 *     n_{k−1} × n_k and db 1 × n_k.</li>
 * <li>{@code db} is a flat list of n_k numbers, read in the declared layout's orientation, or a nested array of
 *     the declared shape.</li>
 * <li>A dW or db whose shape is exactly the transpose of the declared one is read as written, not refused: a
 *     transposed gradient is what the judge is there to diagnose. For a square W_k the shape cannot tell, so
 *     nothing is assumed from shapes.</li>
 * <li>{@code precision} (optional, default {@code float64}) is the floating-point format the implementation
 *     computed in: {@code float64} or {@code float32} ({@link Precision}).</li>
 * <li>Every case of the case set is answered exactly once; {@code implementation} is text for people.</li>
 * </ul>
 * Everything else is refused as {@link CaseFiles} refuses it, with a one-line {@link BadInputException}.
 */
public final class GradientFiles {
    /** The value of a gradient file's "format" field. */
    public static final String FORMAT = "backprop-verify/gradients";
    /** The format version this suite writes and reads. */
    public static final int VERSION = 1;

    private GradientFiles() {
    }

    /**
     * Reads the gradient file {@code file} that answers {@code cases}, strictly. The file is only read.
     *
     * @return one submission per case, in the order of the file
     * @throws BadInputException for anything that is not the documented format, an id that is not in
     *         {@code cases}, a case answered twice or not at all, a wrong number of layers, or a shape that is
     *         neither the declared layout's nor its transpose
     */
    public static Map<String, Submission> read(Path file, CaseSet cases) {
        return GradientFileReader.read(file, cases);
    }

    /**
     * Writes a gradient file with one gradient per entry of {@code gradients} (case id → gradient, in the map's
     * order), every one converted to {@code layout}; db is written as a flat list. With
     * {@link Precision#FLOAT32} every entry is first rounded to the nearest float, as an implementation computing
     * in single precision would write it.
     *
     * @param implementation written as "implementation"; omitted if null or empty
     * @throws IllegalArgumentException if an entry overflows {@code precision} (a float32 file cannot hold it)
     */
    public static void write(Path file, Map<String, DeepGradient> gradients, Layout layout, Precision precision,
            String implementation) throws IOException {
        List<Submission> answers = new ArrayList<>();
        for (Map.Entry<String, DeepGradient> e : gradients.entrySet()) {
            DeepGradient gradient = e.getValue().in(layout);
            List<Matrix> weights = new ArrayList<>();
            List<Matrix> biases = new ArrayList<>();
            for (int k = 1; k <= gradient.depth(); k++) {
                weights.add(rounded(gradient.weight(k), precision, e.getKey()));
                biases.add(rounded(gradient.bias(k), precision, e.getKey()));
            }
            answers.add(new Submission(e.getKey(), layout, precision, weights, biases));
        }
        writeSubmissions(file, answers, implementation);
    }

    /**
     * Writes submissions exactly as they are: every matrix in the shape it has (a transposed one stays transposed,
     * so that reading the file back gives the same submission and the same verdict), db as a flat list when it is
     * a row or column of the declared layout's orientation, else as rows.
     *
     * @param implementation written as "implementation"; omitted if null or empty
     */
    public static void writeSubmissions(Path file, List<Submission> answers, String implementation)
            throws IOException {
        try (JsonOutput out = JsonOutput.create(file)) {
            JsonGenerator g = out.generator();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            if (implementation != null && !implementation.isEmpty()) {
                g.writeStringField("implementation", implementation);
            }
            g.writeArrayFieldStart("gradients");
            for (Submission a : answers) {
                g.writeStartObject();
                g.writeStringField("id", a.caseId());
                g.writeStringField("layout", layoutName(a.layout()));
                g.writeStringField("precision", a.precision().fileName());
                g.writeArrayFieldStart("layers");
                for (int k = 0; k < a.weights().size(); k++) {
                    g.writeStartObject();
                    out.matrix("dW", a.weights().get(k));
                    Matrix db = a.biases().get(k);
                    boolean declaredOrientation = a.layout() == Layout.DENOMINATOR ? db.cols() == 1 : db.rows() == 1;
                    if (declaredOrientation) {
                        out.vector("db", db.toArray());
                    } else {
                        out.matrix("db", db);
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The name of {@code layout} in files: {@code numerator} or {@code denominator}. */
    public static String layoutName(Layout layout) {
        return layout.name().toLowerCase(Locale.ROOT);
    }

    private static Matrix rounded(Matrix m, Precision precision, String id) {
        if (precision == Precision.FLOAT64) {
            return m;
        }
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> {
            float f = (float) m.get(i, j);
            if (Float.isInfinite(f)) {
                throw new IllegalArgumentException("case " + id + ": the gradient entry " + m.get(i, j)
                        + " overflows float32");
            }
            return f;
        });
    }
}
