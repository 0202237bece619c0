package dev.backprop.verification.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Case files: the networks, batches and objectives that an implementation in any language is asked to
 * differentiate. The suite writes them ({@link #write}), draws them ({@link #draw}, {@link #fixedShape}), and
 * reads them back strictly ({@link #read}).
 *
 * <p>The format (version 1), JSON in UTF-8:
 * <pre>
 * { "format": "backprop-verify/cases", "version": 1, "seed": 20211001,
 *   "conventions": "free text, ignored on read",
 *   "cases": [ { "id": "c0", "loss": "half_squared_error", "reduction": "sum",
 *       "layers": [ {"W": [[..],[..]], "b": [..], "activation": "tanh"}, …, {"W": [[..]], "b": [..]} ],
 *       "inputs":  [[x of sample 0], …],
 *       "targets": [[y of sample 0], …],
 *       "recipe": "optional text" } ] }
 * </pre>
 * <ul>
 * <li>{@code layers[k-1]} is layer k of the {@link DeepNetwork}: {@code W} is W_k as rows, n_k × n_{k−1}, and
 *     {@code b} is b_k, n_k numbers; z_k = W_k s_{k−1} + b_k. A hidden layer (every layer but the last) has an
 *     {@code activation}, one of {@link Activation}'s report names; the last layer is linear and has none.</li>
 * <li>{@code inputs} and {@code targets} are sample-major: one row per sample, d and n numbers long.</li>
 * <li>{@code loss} and {@code reduction} are the report names of the spec's {@code Loss} and
 *     {@code Reduction}; names are read case-insensitively.</li>
 * <li>{@code seed} (optional, default 0) records the seed the cases were drawn with; {@code conventions} and
 *     {@code recipe} are text for people (the recipe rebuilds a drawn case with
 *     {@code Generators.deepCase}).</li>
 * </ul>
 * Reading is strict: unknown or repeated fields, wrong types, ragged or empty arrays, shapes that do not chain,
 * NaN and ±Infinity (which Python writes), numbers beyond a double, unknown names, duplicate ids, cross-entropy
 * targets that are not probability columns, and files over {@link #MAX_FILE_BYTES} are each refused with a
 * one-line {@link BadInputException} naming file, case and field. Numbers are read exactly (correctly rounded).
 */
public final class CaseFiles {
    /** The value of a case file's "format" field. */
    public static final String FORMAT = "backprop-verify/cases";
    /** The format version this suite writes and reads. */
    public static final int VERSION = 1;
    /**
     * The largest exchange file read, case or gradient file: 1 GiB, refused before a byte is read. A network
     * of 784, 512, 10 units with a batch of 256 writes about 12 MB, so this leaves room for networks 80 times
     * larger; reading needs about 8 bytes of heap per number in the file (¼ to ½ of the file's size as the
     * suite writes numbers), twice that while a matrix is copied.
     */
    public static final long MAX_FILE_BYTES = 1L << 30;

    /** The text written in the "conventions" field: what every field means, for whoever opens the file. */
    static final String CONVENTIONS = "layers[k-1] is layer k: W is W_k (n_k rows, n_(k-1) columns), b is b_k; "
            + "z_k = W_k s_(k-1) + b_k with s_0 = x, s_k = activation(z_k) for the hidden layers, and the last "
            + "layer is linear: yhat = z_L. inputs and targets hold one row per sample. Losses per sample: "
            + "half_squared_error 0.5*sum_i (yhat_i - y_i)^2, mean_squared_error (1/n)*sum_i (yhat_i - y_i)^2, "
            + "softmax_cross_entropy -sum_i y_i*log(softmax(yhat)_i); reduction sum or mean over the samples. "
            + "Activations: identity; sigmoid 1/(1+exp(-z)); tanh; softplus log(1+exp(z)); relu max(z,0) with "
            + "relu'(0) = 0; leaky_relu z for z > 0, else 0.01*z, slope 0.01 at 0. Answer with a "
            + "backprop-verify/gradients file: per case and layer dW and db in the layout you declare "
            + "(denominator: dW has W's shape, db n_k entries; numerator: dW is n_(k-1) x n_k).";

    private CaseFiles() {
    }

    /**
     * Reads a case file strictly. The file is only read.
     *
     * @throws BadInputException for anything that is not the documented format (see the class comment)
     */
    public static CaseSet read(Path file) {
        return CaseFileReader.read(file);
    }

    /** Writes {@code cases} to {@code file} (created or replaced); {@link #read} gives them back bit for bit. */
    public static void write(Path file, CaseSet cases) throws IOException {
        try (JsonOutput out = JsonOutput.create(file)) {
            JsonGenerator g = out.generator();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeNumberField("seed", cases.seed());
            g.writeStringField("conventions", CONVENTIONS);
            g.writeArrayFieldStart("cases");
            for (ExchangeCase c : cases.cases()) {
                writeCase(out, c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeCase(JsonOutput out, ExchangeCase c) throws IOException {
        JsonGenerator g = out.generator();
        DeepNetwork network = c.network();
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("loss", c.objective().loss().reportName());
        g.writeStringField("reduction", c.objective().reduction().reportName());
        g.writeArrayFieldStart("layers");
        for (int k = 1; k <= network.depth(); k++) {
            g.writeStartObject();
            out.matrix("W", network.weight(k));
            out.vector("b", network.bias(k).toArray());
            if (k < network.depth()) {
                g.writeStringField("activation", network.activation(k).reportName());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        out.columnsAsRows("inputs", c.batch().inputs());
        out.columnsAsRows("targets", c.batch().targets());
        if (!c.recipe().isEmpty()) {
            g.writeStringField("recipe", c.recipe());
        }
        g.writeEndObject();
    }

    /**
     * {@code count} random cases with ids c0, c1, …, drawn as the property tests draw them (depth 1 to 6, widths
     * 1 to 5, batch 1 to 4, every activation, loss, reduction, target kind and entry scale), reproducibly from
     * {@code seed}. From 12 cases on every one of those values appears; the first k cases of a set are the set
     * of k. See {@link CaseDraws#draw}.
     */
    public static CaseSet draw(long seed, int count) {
        return CaseDraws.draw(seed, count);
    }

    /**
     * {@code count} cases of one shape, e.g. widths 784, 512, 10 with a batch of 256, for implementations that
     * only run (or only run fast) at realistic sizes. See {@link CaseDraws#fixedShape}.
     *
     * @param widths    n_0 = d, n_1, …, n_L; at least two
     * @param hidden    the activation of every hidden layer (may be null when there is none)
     * @param objective loss and reduction of every case
     * @param batch     B, at least 1
     * @param scale     entries are uniform in [−scale, scale]
     */
    public static CaseSet fixedShape(long seed, int count, int[] widths, Activation hidden, Objective objective,
            int batch, double scale) {
        return CaseDraws.fixedShape(seed, count, widths, hidden, objective, batch, scale);
    }
}
