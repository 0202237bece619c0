package dev.backprop.verification.generate;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every random domain value of the suite comes from here (DESIGN.md §5), for the property tests and the gate
 * alike. QuickTheories draws the shapes, activations, scales and seeds, and shrinks them on failure (toward
 * dimension 1 and seed 0); the entries are then drawn from a {@link SplittableRandom} with that seed, so a
 * case is reproduced exactly by the recipe it prints.
 */
public final class Generators {
    /** Largest d, h, n drawn for gradient properties; small enough for the naive reference to stay fast. */
    public static final int MAX_DIMENSION = 7;
    /** Largest batch drawn for gradient properties. */
    public static final int MAX_BATCH = 4;
    /**
     * Entry scales: entries are uniform in [−scale, scale]. 2 pushes sigmoid and tanh toward saturation; 10 puts
     * pre-activations of order 10²: saturated units, σ' near 0, and losses far from 1, where gauges are tested.
     */
    static final List<Double> SCALES = List.of(0.25, 1.0, 2.0, 10.0);
    /** Smallest and largest dimension used where dimensions must all differ from each other. */
    static final int DISTINCT_MIN = 2;
    static final int DISTINCT_MAX = 8;

    private Generators() {
    }

    /** A dimension from 1 to {@code max}; shrinks toward 1. */
    public static Gen<Integer> dimension(int max) {
        return Generate.range(1, max);
    }

    public static Gen<Activation> activations() {
        return Generate.enumValues(Activation.class);
    }

    /** Seeds for the entries; shrink toward 0. */
    public static Gen<Long> seeds() {
        return Generate.longRange(0, Long.MAX_VALUE / 2);
    }

    /** Shallow networks with d, h, n from 1 to {@link #MAX_DIMENSION}, B from 1 to {@link #MAX_BATCH}. */
    public static Gen<ShallowCase> shallowCases() {
        return shallowCases(MAX_DIMENSION, MAX_BATCH, activations());
    }

    /** Shallow networks with every dimension from 1 to {@code maxDimension} and the given activations. */
    public static Gen<ShallowCase> shallowCases(int maxDimension, int maxBatch, Gen<Activation> activations) {
        Gen<int[]> shape = dimension(maxDimension).zip(dimension(maxDimension), dimension(maxDimension),
                dimension(maxBatch), (d, h, n, b) -> new int[] {d, h, n, b});
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Boolean> literal = Generate.booleans();
        return in -> {
            int[] s = shape.generate(in);
            return shallowCase(s[0], s[1], s[2], s[3], activations.generate(in), scale.generate(in),
                    literal.generate(in), seeds().generate(in));
        };
    }

    /**
     * The case a recipe names: W1, b1, W2, b2, X and Y drawn in that order, entries uniform in [−scale, scale];
     * with {@code literalTarget} Y = 0, the seed's literal r = ŷ.
     */
    public static ShallowCase shallowCase(int d, int h, int n, int batch, Activation activation, double scale,
            boolean literalTarget, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ShallowNetwork network = new ShallowNetwork(matrix(r, h, d, scale), vector(r, h, scale),
                matrix(r, n, h, scale), vector(r, n, scale), activation);
        Matrix x = matrix(r, d, batch, scale);
        Matrix y = literalTarget ? Matrix.zeros(n, batch) : matrix(r, n, batch, scale);
        String recipe = String.format(Locale.ROOT, "d=%d h=%d n=%d B=%d %s scale=%s target=%s seed=%d", d, h, n,
                batch, activation.name().toLowerCase(Locale.ROOT), scale, literalTarget ? "zero" : "random", seed);
        return new ShallowCase(network, new Batch(x, y), recipe);
    }

    /**
     * ReLU networks with one pre-activation planted at or next to its kink, the cases where finite differences
     * and σ' are delicate: see {@link #reluKinkCase}. d, h, n and B run from 1 to 4.
     */
    public static Gen<ShallowCase> reluKinkCases() {
        Gen<int[]> shape = dimension(4).zip(dimension(4), dimension(4), dimension(4),
                (d, h, n, b) -> new int[] {d, h, n, b});
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Integer> offset = Generate.range(0, KINK_OFFSETS.size() - 1);
        Gen<Boolean> dyadic = Generate.booleans();
        return in -> {
            int[] s = shape.generate(in);
            int unit = Generate.range(0, s[1] - 1).generate(in);
            int sample = Generate.range(0, s[3] - 1).generate(in);
            return reluKinkCase(s[0], s[1], s[2], s[3], scale.generate(in), unit, sample,
                    KINK_OFFSETS.get(offset.generate(in)), dyadic.generate(in), seeds().generate(in));
        };
    }

    /** Offsets of a planted pre-activation from its kink: exactly on it, within rounding, within a step, beyond. */
    static final List<Double> KINK_OFFSETS = List.of(0.0, 0x1p-50, -0x1p-50, 0x1p-30, -0x1p-30, 0x1p-14, -0x1p-14);

    /**
     * A ReLU case with z_{sample, unit} planted at {@code offset} from 0: b1_unit is set to −(W1 x_sample)_unit +
     * offset. With {@code dyadic} entries (multiples of scale/8) W1 x is exact, so z is exactly b1_unit + W1 x in
     * any summation order: the offset itself, or 0 where the offset is below the spacing of doubles at W1 x (the
     * recipe prints the z obtained). Otherwise the entries are arbitrary and W1 x is summed left to right, so
     * other orders land a few ulps either side of the planted value, as real implementations do.
     */
    public static ShallowCase reluKinkCase(int d, int h, int n, int batch, double scale, int unit, int sample,
            double offset, boolean dyadic, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        java.util.function.DoubleSupplier entry = dyadic ? () -> scale * (r.nextInt(17) - 8) / 8.0
                : () -> entry(r, scale);
        Matrix w1 = Matrix.fromFunction(h, d, (i, j) -> entry.getAsDouble());
        Matrix w2 = Matrix.fromFunction(n, h, (i, j) -> entry.getAsDouble());
        Vector b2 = Vector.fromFunction(n, i -> entry.getAsDouble());
        Matrix x = Matrix.fromFunction(d, batch, (i, j) -> entry.getAsDouble());
        Matrix y = Matrix.fromFunction(n, batch, (i, j) -> entry.getAsDouble());
        double w1x = 0.0;
        for (int j = 0; j < d; j++) {
            w1x += w1.get(unit, j) * x.get(j, sample);
        }
        double planted = offset - w1x;
        Vector b1 = Vector.fromFunction(h, i -> i == unit ? planted : entry.getAsDouble());
        String recipe = String.format(Locale.ROOT,
                "d=%d h=%d n=%d B=%d relu scale=%s kink unit=%d sample=%d offset=%s (z=%s) %s seed=%d", d, h, n, batch,
                scale, unit, sample, offset, w1x + planted, dyadic ? "dyadic" : "arbitrary", seed);
        return new ShallowCase(new ShallowNetwork(w1, b1, w2, b2, Activation.RELU), new Batch(x, y), recipe);
    }

    /**
     * Instances whose {@code count} dimensions all differ (from 2 to 8), so that a formula with a misplaced
     * factor cannot type-check by accident, mixed one in five with instances whose dimensions run from 1
     * (where vectors and scalars coincide and special cases of the seed live).
     */
    public static Gen<Instance> instances(int count) {
        Gen<int[]> dims = dimensionTuples(count);
        return in -> new Instance(dims.generate(in), seeds().generate(in));
    }

    /** Instances whose {@code count} dimensions all differ (from 2 to 8), never with a dimension of 1. */
    public static Gen<Instance> distinctInstances(int count) {
        Gen<int[]> dims = distinctTuples(count);
        return in -> new Instance(dims.generate(in), seeds().generate(in));
    }

    /**
     * Single-sample shallow networks (B = 1) for Prop 2's claims: d, h, n drawn as {@link #instances(int)}
     * draws dimensions, every scale and activation, targets zero (the seed's r = ŷ) or random.
     */
    public static Gen<ShallowCase> singleSamples() {
        Gen<int[]> dims = dimensionTuples(3);
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Boolean> literal = Generate.booleans();
        return in -> {
            int[] s = dims.generate(in);
            return shallowCase(s[0], s[1], s[2], 1, activations().generate(in), scale.generate(in),
                    literal.generate(in), seeds().generate(in));
        };
    }

    private static Gen<int[]> distinctTuples(int count) {
        return in -> {
            List<Integer> pool = new ArrayList<>();
            for (int v = DISTINCT_MIN; v <= DISTINCT_MAX; v++) {
                pool.add(v);
            }
            int[] dims = new int[count];
            for (int k = 0; k < count; k++) {
                dims[k] = pool.remove((int) Generate.range(0, pool.size() - 1).generate(in));
            }
            return dims;
        };
    }

    private static Gen<int[]> dimensionTuples(int count) {
        Gen<int[]> distinct = distinctTuples(count);
        Gen<int[]> small = in -> {
            int[] dims = new int[count];
            for (int k = 0; k < count; k++) {
                dims[k] = dimension(4).generate(in);
            }
            return dims;
        };
        return Generate.frequency(Pair.of(4, distinct), Pair.of(1, small));
    }

    /** Largest depth L drawn for deep-network properties. */
    public static final int MAX_DEPTH = 6;
    /** Largest width n_k drawn for deep-network properties; small enough for the naive reference to stay fast. */
    public static final int MAX_WIDTH = 5;

    /** How the targets of a deep case are drawn. */
    public enum Targets {
        /** y = 0, the seed's literal r = ŷ (squared losses only). */
        ZERO,
        /** Entries uniform in [−scale, scale] (squared losses only). */
        RANDOM,
        /** A one-hot column per sample (cross-entropy only). */
        ONE_HOT,
        /** A random probability column per sample (cross-entropy only). */
        SOFT
    }

    public static Gen<Loss> losses() {
        return Generate.enumValues(Loss.class);
    }

    /**
     * Deep networks with L from 1 to {@link #MAX_DEPTH}, every width from 1 to {@link #MAX_WIDTH}, each hidden
     * layer's activation drawn on its own, every loss and reduction, B from 1 to {@link #MAX_BATCH}, every
     * scale; targets zero or random for the squared losses, one-hot or soft for cross-entropy.
     */
    public static Gen<DeepCase> deepCases() {
        return deepCases(activations());
    }

    /** As {@link #deepCases()}, with hidden activations drawn from {@code activations}. */
    public static Gen<DeepCase> deepCases(Gen<Activation> activations) {
        return deepCases(1, activations, false);
    }

    /**
     * Deep networks of depth 2 to {@link #MAX_DEPTH} whose widths are all equal (1 to {@link #MAX_WIDTH}): the
     * shapes on which a weight or σ' of the wrong layer still fits, so that such a mistake shows in the values
     * rather than as an index error.
     */
    public static Gen<DeepCase> uniformDeepCases() {
        return deepCases(2, activations(), true);
    }

    private static Gen<DeepCase> deepCases(int minDepth, Gen<Activation> activations, boolean uniform) {
        Gen<Integer> depth = Generate.range(minDepth, MAX_DEPTH);
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Boolean> flag = Generate.booleans();
        return in -> {
            int layers = depth.generate(in);
            int[] widths = new int[layers + 1];
            for (int k = 0; k <= layers; k++) {
                widths[k] = uniform && k > 0 ? widths[0] : dimension(MAX_WIDTH).generate(in);
            }
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < layers; k++) {
                hidden.add(activations.generate(in));
            }
            Loss loss = losses().generate(in);
            Reduction reduction = Generate.enumValues(Reduction.class).generate(in);
            boolean second = flag.generate(in);
            Targets targets = loss == Loss.SOFTMAX_CROSS_ENTROPY ? (second ? Targets.SOFT : Targets.ONE_HOT)
                    : (second ? Targets.RANDOM : Targets.ZERO);
            return deepCase(widths, hidden, new Objective(loss, reduction), dimension(MAX_BATCH).generate(in),
                    scale.generate(in), targets, seeds().generate(in));
        };
    }

    /**
     * The case a recipe names: W1, b1, …, WL, bL, X, then Y drawn in that order, entries uniform in
     * [−scale, scale]; one-hot targets pick a class uniformly, soft targets normalise uniform [0, 1) draws.
     */
    public static DeepCase deepCase(int[] widths, List<Activation> activations, Objective objective, int batch,
            double scale, Targets targets, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int layers = widths.length - 1;
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        for (int k = 1; k <= layers; k++) {
            weights.add(matrix(r, widths[k], widths[k - 1], scale));
            biases.add(vector(r, widths[k], scale));
        }
        DeepNetwork network = new DeepNetwork(weights, biases, activations);
        Matrix x = matrix(r, widths[0], batch, scale);
        Batch data = new Batch(x, targets(r, targets, widths[layers], batch, scale));
        return new DeepCase(network, data, objective, deepRecipe(network, objective, batch, scale, targets, seed, ""));
    }

    private static Matrix targets(SplittableRandom r, Targets kind, int n, int batch, double scale) {
        switch (kind) {
            case ZERO:
                return Matrix.zeros(n, batch);
            case RANDOM:
                return matrix(r, n, batch, scale);
            case ONE_HOT:
                int[] hot = new int[batch];
                for (int b = 0; b < batch; b++) {
                    hot[b] = r.nextInt(n);
                }
                return Matrix.fromFunction(n, batch, (i, b) -> i == hot[b] ? 1.0 : 0.0);
            case SOFT:
                double[][] y = new double[n][batch];
                for (int b = 0; b < batch; b++) {
                    double sum = 0.0;
                    for (int i = 0; i < n; i++) {
                        y[i][b] = r.nextDouble() + 0x1p-20;
                        sum += y[i][b];
                    }
                    for (int i = 0; i < n; i++) {
                        y[i][b] /= sum;
                    }
                }
                return Matrix.fromRows(y);
            default:
                throw new IllegalArgumentException("unknown target kind " + kind);
        }
    }

    private static String deepRecipe(DeepNetwork network, Objective objective, int batch, double scale,
            Targets targets, long seed, String extra) {
        StringBuilder widths = new StringBuilder();
        StringBuilder acts = new StringBuilder();
        for (int k = 0; k <= network.depth(); k++) {
            widths.append(k == 0 ? "" : ",").append(network.width(k));
            if (k >= 1 && k < network.depth()) {
                acts.append(k == 1 ? "" : ",").append(network.activation(k).reportName());
            }
        }
        return String.format(Locale.ROOT, "L=%d widths=%s act=%s loss=%s reduction=%s B=%d scale=%s target=%s%s seed=%d",
                network.depth(), widths, acts.length() == 0 ? "-" : acts, objective.loss().reportName(),
                objective.reduction().reportName(), batch, scale, targets.name().toLowerCase(Locale.ROOT), extra,
                seed);
    }

    /**
     * Deep networks whose hidden layers are all ReLU or leaky ReLU, with one pre-activation planted at an offset
     * from its kink ({@link #KINK_OFFSETS}): exactly on it, within rounding, within a finite-difference step, or
     * beyond. See {@link #deepKinkCase}. Depth 2 to {@link #MAX_DEPTH}, widths and B from 1 to 4.
     */
    public static Gen<DeepCase> deepKinkCases() {
        Gen<Integer> depth = Generate.range(2, MAX_DEPTH);
        Gen<Activation> kinked = Generate.pick(List.of(Activation.RELU, Activation.LEAKY_RELU));
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Integer> offset = Generate.range(0, KINK_OFFSETS.size() - 1);
        Gen<Boolean> flag = Generate.booleans();
        return in -> {
            int layers = depth.generate(in);
            int[] widths = new int[layers + 1];
            for (int k = 0; k <= layers; k++) {
                widths[k] = dimension(4).generate(in);
            }
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < layers; k++) {
                hidden.add(kinked.generate(in));
            }
            Loss loss = losses().generate(in);
            Reduction reduction = Generate.enumValues(Reduction.class).generate(in);
            Targets targets = loss == Loss.SOFTMAX_CROSS_ENTROPY ? Targets.SOFT : Targets.RANDOM;
            int batch = dimension(4).generate(in);
            int layer = Generate.range(1, layers - 1).generate(in);
            int unit = Generate.range(0, widths[layer] - 1).generate(in);
            int sample = Generate.range(0, batch - 1).generate(in);
            return deepKinkCase(widths, hidden, new Objective(loss, reduction), batch, scale.generate(in), targets,
                    layer, unit, sample, KINK_OFFSETS.get(offset.generate(in)), flag.generate(in), seeds().generate(in));
        };
    }

    /**
     * A deep case with z of ({@code sample}, {@code layer}, {@code unit}) planted at {@code offset} from 0: the
     * network is drawn as {@link #deepCase} draws it (with {@code dyadic} entries, multiples of scale/2⁸, so
     * that up to depth 4 a ReLU network's forward pass is exact in every summation order — a pre-activation is a
     * sum of products of up to four factors of at most 11 significant bits (8 for the multiple, 3 for scale 10),
     * summed four terms at a time, within a double's 53; deeper, the planted z is 0 within rounding — while other
     * pre-activations rarely land on 0 by coincidence, as they do on a coarser grid), then b_layer,unit is set to
     * offset − (W_layer s_{layer−1})_unit, that product summed left to right. The recipe prints the z obtained.
     */
    public static DeepCase deepKinkCase(int[] widths, List<Activation> activations, Objective objective, int batch,
            double scale, Targets targets, int layer, int unit, int sample, double offset, boolean dyadic, long seed) {
        DeepCase drawn = deepCase(widths, activations, objective, batch, scale, targets, seed);
        DeepNetwork net = drawn.network();
        if (dyadic) {
            net = dyadic(net, scale);
        }
        Matrix x = dyadic ? Matrix.fromFunction(widths[0], batch,
                (i, j) -> onGrid(drawn.batch().inputs().get(i, j), scale)) : drawn.batch().inputs();
        double[] s = x.column(sample).toArray();
        for (int k = 1; k < layer; k++) {
            double[] next = new double[widths[k]];
            for (int i = 0; i < next.length; i++) {
                double z = net.bias(k).get(i);
                for (int j = 0; j < s.length; j++) {
                    z += net.weight(k).get(i, j) * s[j];
                }
                next[i] = net.activation(k).value(z);
            }
            s = next;
        }
        double product = 0.0;
        for (int j = 0; j < s.length; j++) {
            product += net.weight(layer).get(unit, j) * s[j];
        }
        double planted = offset - product;
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        for (int k = 1; k <= net.depth(); k++) {
            weights.add(net.weight(k));
            Vector bias = net.bias(k);
            biases.add(k != layer ? bias : Vector.fromFunction(bias.size(), i -> i == unit ? planted : bias.get(i)));
        }
        DeepNetwork planted0 = new DeepNetwork(weights, biases, activations);
        String extra = String.format(Locale.ROOT, " kink layer=%d unit=%d sample=%d offset=%s (z=%s) %s", layer, unit,
                sample, offset, product + planted, dyadic ? "dyadic" : "arbitrary");
        return new DeepCase(planted0, new Batch(x, drawn.batch().targets()), objective,
                deepRecipe(planted0, objective, batch, scale, targets, seed, extra));
    }

    /** Entries of the dyadic kink cases: multiples of scale/2⁸. */
    private static double onGrid(double v, double scale) {
        return Math.rint(v * 256 / scale) * scale / 256;
    }

    /** The network with every entry rounded to a multiple of scale/2⁸ ({@link #onGrid}). */
    private static DeepNetwork dyadic(DeepNetwork net, double scale) {
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k <= net.depth(); k++) {
            Matrix w = net.weight(k);
            Vector b = net.bias(k);
            weights.add(Matrix.fromFunction(w.rows(), w.cols(), (i, j) -> onGrid(w.get(i, j), scale)));
            biases.add(Vector.fromFunction(b.size(), i -> onGrid(b.get(i), scale)));
            if (k < net.depth()) {
                activations.add(net.activation(k));
            }
        }
        return new DeepNetwork(weights, biases, activations);
    }

    static double entry(SplittableRandom r, double scale) {
        return scale * (2.0 * r.nextDouble() - 1.0);
    }

    static Vector vector(SplittableRandom r, int n, double scale) {
        return Vector.fromFunction(n, i -> entry(r, scale));
    }

    static Matrix matrix(SplittableRandom r, int rows, int cols, double scale) {
        return Matrix.fromFunction(rows, cols, (i, j) -> entry(r, scale));
    }

    /**
     * Networks too large for the full-Jacobian oracles to be quick but small enough for CI, for the checks of
     * {@code dev.backprop.verification.large}: depth L from 2 to 4, input and hidden widths 32 to 64, output width 2
     * to 10, B from 8 to 32 — P from about 1,100 to 13,000 (widths (64, 48, 10): 3,610), where forward-mode AD
     * with one variable per parameter costs O(B·P²) — each hidden layer's activation drawn on its own, every loss,
     * reduction and scale, targets as {@link #deepCases()} draws them. Built by {@link #deepCase}, so the recipe
     * rebuilds the case.
     */
    public static Gen<DeepCase> largeDeepCases() {
        Gen<Integer> depth = Generate.range(2, 4);
        Gen<Integer> width = Generate.range(32, 64);
        Gen<Integer> outputs = Generate.range(2, 10);
        Gen<Integer> batch = Generate.range(8, 32);
        Gen<Double> scale = Generate.pick(SCALES);
        Gen<Boolean> flag = Generate.booleans();
        return in -> {
            int layers = depth.generate(in);
            int[] widths = new int[layers + 1];
            for (int k = 0; k < layers; k++) {
                widths[k] = width.generate(in);
            }
            widths[layers] = outputs.generate(in);
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < layers; k++) {
                hidden.add(activations().generate(in));
            }
            Loss loss = losses().generate(in);
            Reduction reduction = Generate.enumValues(Reduction.class).generate(in);
            boolean second = flag.generate(in);
            Targets targets = loss == Loss.SOFTMAX_CROSS_ENTROPY ? (second ? Targets.SOFT : Targets.ONE_HOT)
                    : (second ? Targets.RANDOM : Targets.ZERO);
            return deepCase(widths, hidden, new Objective(loss, reduction), batch.generate(in), scale.generate(in),
                    targets, seeds().generate(in));
        };
    }
}
