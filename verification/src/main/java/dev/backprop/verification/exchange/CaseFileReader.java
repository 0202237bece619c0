package dev.backprop.verification.exchange;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import dev.backprop.verification.exchange.JsonInput.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a case file ({@link CaseFiles}) strictly: every field is checked as it is read, then each case's shapes
 * are checked against each other with messages in the file's own terms ({@code layers[1].W},
 * {@code inputs[2]}) before the spec's constructors see them — they check once more, and whatever they refuse
 * is reported the same way. Nothing is returned unless the whole file is valid.
 */
final class CaseFileReader {
    private static final List<String> TOP_REQUIRED = List.of("format", "version", "cases");
    private static final List<String> TOP_OPTIONAL = List.of("seed", "conventions");
    private static final List<String> CASE_REQUIRED = List.of("id", "loss", "reduction", "layers", "inputs",
            "targets");
    private static final List<String> CASE_OPTIONAL = List.of("recipe");
    private static final List<String> LAYER_REQUIRED = List.of("W", "b");
    private static final List<String> LAYER_OPTIONAL = List.of("activation");

    private CaseFileReader() {
    }

    /** One layer as written. */
    private static final class RawLayer {
        Matrix w;
        double[] b;
        boolean hasActivation;
        String activation;
    }

    /** One case as written; the fields are checked against each other once all are read. */
    private static final class RawCase {
        String id;
        String loss;
        String reduction;
        final List<RawLayer> layers = new ArrayList<>();
        Matrix inputs;
        Matrix targets;
        String recipe = "";
    }

    static CaseSet read(Path path) {
        try (JsonInput in = JsonInput.open(path)) {
            long[] seed = {0L};
            List<ExchangeCase> cases = new ArrayList<>();
            Map<String, Integer> indexOf = new HashMap<>();
            try {
                in.document(TOP_REQUIRED, TOP_OPTIONAL, (name, p) -> {
                    switch (name) {
                        case "format":
                            Formats.requireFormat(in, p, CaseFiles.FORMAT);
                            break;
                        case "version":
                            Formats.requireVersion(in, p, CaseFiles.VERSION);
                            break;
                        case "seed":
                            seed[0] = in.integer(p);
                            break;
                        case "conventions":
                            in.string(p);
                            break;
                        default:
                            in.array(p, "case", (i, ep) -> {
                                ExchangeCase c = readCase(in, i);
                                Integer first = indexOf.putIfAbsent(c.id(), i);
                                if (first != null) {
                                    throw new BadInputException(in.file(), "case " + c.id(), "appears twice, as cases["
                                            + first + "] and cases[" + i + "]; case ids are unique");
                                }
                                cases.add(c);
                            });
                    }
                });
            } catch (Problem p) {
                throw in.bad("", p);
            } catch (IOException e) {
                throw JsonInput.cannotRead(in.file(), e);
            }
            return new CaseSet(seed[0], cases);
        }
    }

    /** Case {@code index}, the parser on its first token; a fault anywhere in it names the case by its id. */
    private static ExchangeCase readCase(JsonInput in, int index) throws IOException {
        RawCase raw = new RawCase();
        int depth = in.depth();
        try {
            in.object("", CASE_REQUIRED, CASE_OPTIONAL, (name, p) -> readField(in, raw, name, p));
        } catch (Problem p) {
            String id = raw.id != null ? raw.id : in.salvageString("id", depth);
            id = Formats.isId(id) ? id : null;
            throw in.bad(scope(id, index), p);
        }
        try {
            return assemble(raw);
        } catch (Problem p) {
            throw in.bad(scope(raw.id, index), p);
        } catch (IllegalArgumentException e) {
            // the spec's own checks, after ours: whatever they refuse is still this case's bad input
            throw in.bad(scope(raw.id, index), new Problem("", e.getMessage()));
        }
    }

    private static void readField(JsonInput in, RawCase raw, String name, String path) throws IOException {
        switch (name) {
            case "id":
                raw.id = Formats.id(in, path);
                break;
            case "loss":
                raw.loss = in.string(path);
                break;
            case "reduction":
                raw.reduction = in.string(path);
                break;
            case "layers":
                in.array(path, "layer", (k, lp) -> raw.layers.add(readLayer(in, lp)));
                break;
            case "inputs":
                raw.inputs = in.matrix(path);
                break;
            case "targets":
                raw.targets = in.matrix(path);
                break;
            default:
                raw.recipe = in.string(path);
        }
    }

    private static RawLayer readLayer(JsonInput in, String path) throws IOException {
        RawLayer layer = new RawLayer();
        in.object(path, LAYER_REQUIRED, LAYER_OPTIONAL, (name, p) -> {
            switch (name) {
                case "W":
                    layer.w = in.matrix(p);
                    break;
                case "b":
                    layer.b = in.vector(p);
                    break;
                default:
                    layer.hasActivation = true;
                    layer.activation = in.stringOrNull(p);
            }
        });
        return layer;
    }

    /** The case, its parts checked against each other in the file's terms first. */
    private static ExchangeCase assemble(RawCase raw) {
        Loss loss = Formats.named("loss", "loss", raw.loss, Loss.values(), Loss::named, Loss::reportName);
        Reduction reduction = Formats.named("reduction", "reduction", raw.reduction, Reduction.values(),
                Reduction::named, Reduction::reportName);
        int depth = raw.layers.size();
        if (depth > DeepNetwork.MAX_DEPTH) {
            throw new Problem("layers", "has " + depth + " layers; a network has 1 to " + DeepNetwork.MAX_DEPTH);
        }
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            RawLayer layer = raw.layers.get(k);
            String at = "layers[" + k + "]";
            if (layer.b.length != layer.w.rows()) {
                throw new Problem(at + ".b", "has " + Formats.count(layer.b.length, "entry", "entries") + " but " + at
                        + ".W is " + layer.w.shape() + "; b needs one entry per row of W");
            }
            if (k > 0 && layer.w.cols() != raw.layers.get(k - 1).w.rows()) {
                Matrix previous = raw.layers.get(k - 1).w;
                throw new Problem(at + ".W", "is " + layer.w.shape() + " but layers[" + (k - 1) + "].W is "
                        + previous.shape() + "; W needs one column per row of the previous layer's W ("
                        + previous.rows() + ")");
            }
            boolean output = k == depth - 1;
            if (output && layer.hasActivation) {
                throw new Problem(at + ".activation", "the output layer is linear (ŷ = W s + b) and takes no "
                        + "\"activation\" field, found "
                        + (layer.activation == null ? "null" : JsonInput.quote(layer.activation)));
            }
            if (!output) {
                if (layer.activation == null) {
                    throw new Problem(at + ".activation", "a hidden layer needs an \"activation\", found "
                            + (layer.hasActivation ? "null" : "none") + "; known: "
                            + Formats.known(Activation.values(), Activation::reportName));
                }
                activations.add(Formats.named(at + ".activation", "activation", layer.activation,
                        Activation.values(), Activation::named, Activation::reportName));
            }
            weights.add(layer.w);
            biases.add(Vector.of(layer.b));
        }
        int d = weights.get(0).cols();
        int n = weights.get(depth - 1).rows();
        requireWidth(raw.inputs, "inputs", d, "input size d (the columns of layers[0].W)");
        requireWidth(raw.targets, "targets", n, "output size n (the rows of layers[" + (depth - 1) + "].W)");
        if (raw.inputs.rows() != raw.targets.rows()) {
            throw new Problem("targets", "has " + Formats.count(raw.targets.rows(), "sample", "samples")
                    + " but inputs has " + raw.inputs.rows() + "; each sample is one row of inputs and one of targets");
        }
        // the files are sample-major (one row per sample); the spec's batch has one column per sample
        Matrix y = raw.targets.transpose();
        try {
            loss.requireTargets(y);
        } catch (IllegalArgumentException e) {
            throw new Problem("targets", e.getMessage() + " (column b of Y is targets[b] of the file)");
        }
        DeepNetwork network = new DeepNetwork(weights, biases, activations);
        Batch batch = new Batch(raw.inputs.transpose(), y);
        return new ExchangeCase(raw.id, network, batch, new Objective(loss, reduction), raw.recipe);
    }

    private static void requireWidth(Matrix samples, String field, int width, String what) {
        if (samples.cols() != width) {
            throw new Problem(field, "has samples of " + Formats.count(samples.cols(), "entry", "entries")
                    + " but the network's " + what + " is " + width);
        }
    }

    /** "case c3" once the id is known, else the case's place in the file. */
    private static String scope(String id, int index) {
        return id != null ? "case " + id : "cases[" + index + "]";
    }
}
