package dev.backprop.verification.exchange;

import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.exchange.JsonInput.Problem;
import dev.backprop.verification.exchange.JsonInput.VectorOrMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a gradient file ({@link GradientFiles}) strictly against the case set it answers: every case answered
 * exactly once, one layer per layer of its network, each matrix of the declared layout's shape or exactly its
 * transpose (kept as written: layout confusion is the judge's finding, not bad input). Nothing is returned
 * unless the whole file is valid.
 */
final class GradientFileReader {
    private static final List<String> TOP_REQUIRED = List.of("format", "version", "gradients");
    private static final List<String> TOP_OPTIONAL = List.of("implementation");
    private static final List<String> GRADIENT_REQUIRED = List.of("id", "layout", "layers");
    private static final List<String> GRADIENT_OPTIONAL = List.of("precision");
    private static final List<String> LAYER_REQUIRED = List.of("dW", "db");
    /** Missing and unknown ids are listed up to this many, so that the message stays one readable line. */
    private static final int LISTED = 10;

    private GradientFileReader() {
    }

    /** One layer as written; db is flat or a matrix. */
    private record RawLayer(Matrix dW, VectorOrMatrix db) {
    }

    /** One gradient as written. */
    private static final class RawGradient {
        String id;
        String layout;
        String precision;
        final List<RawLayer> layers = new ArrayList<>();
    }

    static Map<String, Submission> read(Path path, CaseSet cases) {
        // in case-file order, so that a message listing the ids lists them as the file does
        Map<String, ExchangeCase> byId = new LinkedHashMap<>();
        cases.cases().forEach(c -> byId.put(c.id(), c));
        try (JsonInput in = JsonInput.open(path)) {
            Map<String, Submission> answers = new LinkedHashMap<>();
            Map<String, Integer> indexOf = new HashMap<>();
            try {
                in.document(TOP_REQUIRED, TOP_OPTIONAL, (name, p) -> {
                    switch (name) {
                        case "format":
                            Formats.requireFormat(in, p, GradientFiles.FORMAT);
                            break;
                        case "version":
                            Formats.requireVersion(in, p, GradientFiles.VERSION);
                            break;
                        case "implementation":
                            in.string(p);
                            break;
                        default:
                            in.array(p, "gradient", (i, ep) -> {
                                Submission s = readGradient(in, i, byId);
                                Integer first = indexOf.putIfAbsent(s.caseId(), i);
                                if (first != null) {
                                    throw new BadInputException(in.file(), "case " + s.caseId(),
                                            "is answered twice, by gradients[" + first + "] and gradients[" + i
                                                    + "]");
                                }
                                answers.put(s.caseId(), s);
                            });
                    }
                });
            } catch (Problem p) {
                throw in.bad("", p);
            } catch (IOException e) {
                throw JsonInput.cannotRead(in.file(), e);
            }
            requireAllAnswered(in.file(), cases, answers);
            return Collections.unmodifiableMap(answers);
        }
    }

    private static Submission readGradient(JsonInput in, int index, Map<String, ExchangeCase> cases)
            throws IOException {
        RawGradient raw = new RawGradient();
        int depth = in.depth();
        try {
            in.object("", GRADIENT_REQUIRED, GRADIENT_OPTIONAL, (name, p) -> {
                switch (name) {
                    case "id":
                        raw.id = Formats.id(in, p);
                        break;
                    case "layout":
                        raw.layout = in.string(p);
                        break;
                    case "precision":
                        raw.precision = in.string(p);
                        break;
                    default:
                        in.array(p, "layer", (k, lp) -> raw.layers.add(readLayer(in, lp)));
                }
            });
        } catch (Problem p) {
            String id = raw.id != null ? raw.id : in.salvageString("id", depth);
            id = Formats.isId(id) ? id : null;
            throw in.bad(id != null ? "case " + id : "gradients[" + index + "]", p);
        }
        ExchangeCase answered = cases.get(raw.id);
        if (answered == null) {
            throw in.bad("gradients[" + index + "]", new Problem("id", "is " + JsonInput.quote(raw.id)
                    + ", which is not a case of the case file (" + listed(new ArrayList<>(cases.keySet())) + ")"));
        }
        try {
            return assemble(raw, answered.network());
        } catch (Problem p) {
            throw in.bad("case " + raw.id, p);
        }
    }

    private static RawLayer readLayer(JsonInput in, String path) throws IOException {
        Matrix[] dW = new Matrix[1];
        VectorOrMatrix[] db = new VectorOrMatrix[1];
        in.object(path, LAYER_REQUIRED, List.of(), (name, p) -> {
            if (name.equals("dW")) {
                dW[0] = in.matrix(p);
            } else {
                db[0] = in.vectorOrMatrix(p);
            }
        });
        return new RawLayer(dW[0], db[0]);
    }

    private static Submission assemble(RawGradient raw, DeepNetwork network) {
        Layout layout = Formats.named("layout", "layout", raw.layout, Layout.values(), GradientFileReader::layout,
                GradientFiles::layoutName);
        Precision precision = raw.precision == null ? Precision.FLOAT64
                : Formats.named("precision", "precision", raw.precision, Precision.values(),
                        GradientFileReader::precision, Precision::fileName);
        if (raw.layers.size() != network.depth()) {
            throw new Problem("layers", "has " + raw.layers.size() + " entries but the case's network has "
                    + network.depth() + " layers; one {dW, db} per layer");
        }
        boolean denominator = layout == Layout.DENOMINATOR;
        String in = " in " + GradientFiles.layoutName(layout) + " layout";
        List<Matrix> weights = new ArrayList<>();
        List<Matrix> biases = new ArrayList<>();
        for (int k = 1; k <= network.depth(); k++) {
            RawLayer layer = raw.layers.get(k - 1);
            String at = "layers[" + (k - 1) + "]";
            Matrix w = network.weight(k);
            int rows = denominator ? w.rows() : w.cols();
            int cols = denominator ? w.cols() : w.rows();
            if (!hasShapeOrTranspose(layer.dW(), rows, cols)) {
                throw new Problem(at + ".dW", "is " + layer.dW().shape() + " but ∂ℓ/∂W" + k + in + " is " + rows
                        + "×" + cols + (denominator ? " (the shape of W" + k + ")" : " (the transpose of W" + k
                        + "'s shape)") + "; only that shape or its transpose is read");
            }
            weights.add(layer.dW());
            biases.add(bias(layer.db(), w.rows(), denominator, at + ".db", "∂ℓ/∂b" + k + in));
        }
        return new Submission(raw.id, layout, precision, weights, biases);
    }

    /**
     * ∂ℓ/∂b_k of a layer of {@code units} units: a flat list in the declared layout's orientation (n×1 in
     * denominator, 1×n in numerator), or a matrix of that shape or its transpose.
     */
    private static Matrix bias(VectorOrMatrix db, int units, boolean denominator, String path, String what) {
        int rows = denominator ? units : 1;
        int cols = denominator ? 1 : units;
        if (db.vector() != null) {
            if (db.vector().length != units) {
                throw new Problem(path, "has " + db.vector().length + " entries but " + what + " has " + units
                        + ", one per unit of the layer");
            }
            return Matrix.of(rows, cols, db.vector());
        }
        if (!hasShapeOrTranspose(db.matrix(), rows, cols)) {
            throw new Problem(path, "is " + db.matrix().shape() + " but " + what + " is " + rows + "×" + cols
                    + " (or a flat list of " + units + "); only that shape or its transpose is read");
        }
        return db.matrix();
    }

    private static boolean hasShapeOrTranspose(Matrix m, int rows, int cols) {
        return m.rows() == rows && m.cols() == cols || m.rows() == cols && m.cols() == rows;
    }

    private static void requireAllAnswered(String file, CaseSet cases, Map<String, Submission> answers) {
        List<String> missing = cases.cases().stream().map(ExchangeCase::id).filter(id -> !answers.containsKey(id))
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new BadInputException(file, "case " + missing.get(0), "has no gradient in this file; every case "
                    + "of the case file needs one (" + missing.size() + " of " + cases.cases().size()
                    + " unanswered: " + listed(missing) + ")");
        }
    }

    private static String listed(List<String> ids) {
        return ids.size() <= LISTED ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, LISTED)) + ", … (" + ids.size() + " in all)";
    }

    private static Layout layout(String name) {
        for (Layout l : Layout.values()) {
            if (GradientFiles.layoutName(l).equals(name.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout " + name);
    }

    private static Precision precision(String name) {
        for (Precision p : Precision.values()) {
            if (p.fileName().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision " + name);
    }
}
