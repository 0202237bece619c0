package dev.backprop.verification.generate;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The false-alarm campaign's cases (issue 6): the gate's generators ({@link Generators}) widened to where the
 * tolerances are under most strain, drawn by QuickTheories like every other case and built by the same recipes, so a
 * printed recipe rebuilds its case. The distribution, per case:
 * <ul>
 *   <li><b>entry scale</b> s = 10^e, e uniform on [−3, 3] in steps of 10⁻³ (log-uniform from 10⁻³ to 10³); the kink
 *       cases take s = 2^k, k uniform on −10..10 (the same range, powers of two so that their dyadic entries stay
 *       exact and the planted pre-activation is what the recipe says);</li>
 *   <li><b>depth</b> L uniform on 1..6 (2..6 for kinks, which need a hidden layer), <b>widths</b> uniform on
 *       1..{@value #MAX_WIDTH} (shallow d, h, n the same), each hidden activation drawn on its own, every loss,
 *       reduction and target kind;</li>
 *   <li><b>batch</b> log-uniform: B = ⌊2^u⌋, u uniform on [0, log₂ B_max] in steps of 10⁻³, with
 *       B_max = min({@value #MAX_BATCH}, ⌊{@value #SIZE_BUDGET}/P⌋) for P parameters — a size budget P·B ≤
 *       {@value #SIZE_BUDGET}, so a full-Jacobian oracle's case (AD and finite differences cost O(P²·B)) stays cheap;
 *       small models reach B = 512, the largest (P ≈ 250) B = 8-16;</li>
 *   <li><b>saturation</b>: one deep case in three has one hidden layer (drawn) made logistic or tanh and its W_k, b_k
 *       rescaled so that the RMS of its pre-activations over the batch is m, log-uniform on [10, 300] — units deep in
 *       saturation, σ' from 10⁻⁵ down to 10⁻¹³⁰, next to moderate layers ({@link #saturatedCase});</li>
 *   <li><b>kinks</b>: ReLU / leaky-ReLU networks with one pre-activation planted at offset o·s from 0, o one of
 *       {@code Generators.KINK_OFFSETS} (on it, within rounding, within a step, beyond), dyadic or arbitrary entries.</li>
 * </ul>
 * Large models for the projection and Taylor checks: depth 2–4, widths 8–48, output 2–10, B log-uniform under
 * P·B ≤ {@value #LARGE_SIZE_BUDGET}, the same scales and saturation.
 */
public final class CampaignGenerators {
    /** Largest width (and shallow d, h, n). */
    public static final int MAX_WIDTH = 6;
    /** Largest batch. */
    public static final int MAX_BATCH = 512;
    /** Largest depth. */
    public static final int MAX_DEPTH = 6;
    /** Parameters times batch, at most, for the full-Jacobian checks. */
    public static final int SIZE_BUDGET = 4096;
    /** Parameters times batch, at most, for the large-model checks (projections, Taylor). */
    public static final int LARGE_SIZE_BUDGET = 1 << 16;
    /** Decades of entry scale either side of 1. */
    static final int SCALE_DECADES = 3;
    /** Octaves of the kink cases' power-of-two scale either side of 1 (2¹⁰ ≈ 10³). */
    static final int KINK_SCALE_OCTAVES = 10;
    /** One deep case in this many is saturated. */
    static final int SATURATED_ONE_IN = 3;
    /** Range of the RMS pre-activation of a saturated layer. */
    static final double SATURATION_LOW = 10.0;
    static final double SATURATION_HIGH = 300.0;
    /** Resolution of the log-uniform draws (their exponents are multiples of 1/this). */
    private static final int STEPS = 1000;

    private CampaignGenerators() {
    }

    /** s = 10^e, e uniform on [−3, 3] in steps of 10⁻³. */
    static Gen<Double> scales() {
        return Generate.range(-SCALE_DECADES * STEPS, SCALE_DECADES * STEPS).map(k -> Math.pow(10.0, k / (double) STEPS));
    }

    /** s = 2^k, k uniform on −10..10. */
    static Gen<Double> powerOfTwoScales() {
        return Generate.range(-KINK_SCALE_OCTAVES, KINK_SCALE_OCTAVES).map(k -> Math.scalb(1.0, k));
    }

    /** Log-uniform on [1, max]: ⌊2^u⌋, u uniform on [0, log₂ max]. */
    static Gen<Integer> logUniform(int max) {
        int top = (int) Math.floor(Math.log(max) / Math.log(2.0) * STEPS);
        return Generate.range(0, top).map(k -> Math.min(max, (int) Math.floor(Math.pow(2.0, k / (double) STEPS))));
    }

    /** The largest batch a model of {@code parameters} may have under {@code budget}, at least 1. */
    static int maxBatch(long parameters, int budget) {
        return (int) Math.max(1, Math.min(MAX_BATCH, budget / parameters));
    }

    /** Parameters of a network with these widths: Σ n_k (n_{k−1} + 1). */
    static long parameters(int[] widths) {
        long p = 0;
        for (int k = 1; k < widths.length; k++) {
            p += (long) widths[k] * (widths[k - 1] + 1);
        }
        return p;
    }

    /** Shallow networks: d, h, n from 1 to {@value #MAX_WIDTH}, every activation, scale and batch as above. */
    public static Gen<ShallowCase> shallowCases() {
        Gen<Integer> dim = Generators.dimension(MAX_WIDTH);
        Gen<Boolean> literal = Generate.booleans();
        return in -> {
            int d = dim.generate(in);
            int h = dim.generate(in);
            int n = dim.generate(in);
            int batch = logUniform(maxBatch(parameters(new int[] {d, h, n}), SIZE_BUDGET)).generate(in);
            return Generators.shallowCase(d, h, n, batch, Generators.activations().generate(in),
                    scales().generate(in), literal.generate(in), Generators.seeds().generate(in));
        };
    }

    /** Shallow ReLU networks with a pre-activation planted at offset o·s from its kink ({@link Generators#reluKinkCase}). */
    public static Gen<ShallowCase> reluKinkCases() {
        Gen<Integer> dim = Generators.dimension(MAX_WIDTH);
        Gen<Integer> offset = Generate.range(0, Generators.KINK_OFFSETS.size() - 1);
        return in -> {
            int d = dim.generate(in);
            int h = dim.generate(in);
            int n = dim.generate(in);
            int batch = logUniform(maxBatch(parameters(new int[] {d, h, n}), SIZE_BUDGET)).generate(in);
            double scale = powerOfTwoScales().generate(in);
            int unit = Generate.range(0, h - 1).generate(in);
            int sample = Generate.range(0, batch - 1).generate(in);
            return Generators.reluKinkCase(d, h, n, batch, scale, unit, sample,
                    Generators.KINK_OFFSETS.get(offset.generate(in)) * scale, Generate.booleans().generate(in),
                    Generators.seeds().generate(in));
        };
    }

    /** Deep networks: depth 1–6, one in {@value #SATURATED_ONE_IN} with a saturated layer. */
    public static Gen<DeepCase> deepCases() {
        return deepCases(1, MAX_DEPTH, 1, MAX_WIDTH, 1, MAX_WIDTH, SIZE_BUDGET);
    }

    /** Large models for projections and the Taylor test: depth 2–4, widths 8–48, outputs 2–10. */
    public static Gen<DeepCase> largeCases() {
        return deepCases(2, 4, 8, 48, 2, 10, LARGE_SIZE_BUDGET);
    }

    private static Gen<DeepCase> deepCases(int minDepth, int maxDepth, int minWidth, int maxWidth, int minOut,
            int maxOut, int budget) {
        Gen<Integer> depth = Generate.range(minDepth, maxDepth);
        Gen<Integer> width = Generate.range(minWidth, maxWidth);
        Gen<Integer> outputs = Generate.range(minOut, maxOut);
        Gen<Boolean> flag = Generate.booleans();
        Gen<Integer> saturate = Generate.range(1, SATURATED_ONE_IN);
        Gen<Integer> rms = Generate.range(0, STEPS);
        return in -> {
            int layers = depth.generate(in);
            int[] widths = new int[layers + 1];
            for (int k = 0; k < layers; k++) {
                widths[k] = width.generate(in);
            }
            widths[layers] = outputs.generate(in);
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < layers; k++) {
                hidden.add(Generators.activations().generate(in));
            }
            Loss loss = Generators.losses().generate(in);
            Reduction reduction = Generate.enumValues(Reduction.class).generate(in);
            boolean second = flag.generate(in);
            Generators.Targets targets = loss == Loss.SOFTMAX_CROSS_ENTROPY
                    ? (second ? Generators.Targets.SOFT : Generators.Targets.ONE_HOT)
                    : (second ? Generators.Targets.RANDOM : Generators.Targets.ZERO);
            int batch = logUniform(maxBatch(parameters(widths), budget)).generate(in);
            double scale = scales().generate(in);
            long seed = Generators.seeds().generate(in);
            Objective objective = new Objective(loss, reduction);
            boolean saturated = layers > 1 && saturate.generate(in) == 1;
            if (!saturated) {
                return Generators.deepCase(widths, hidden, objective, batch, scale, targets, seed);
            }
            int layer = Generate.range(1, layers - 1).generate(in);
            hidden.set(layer - 1, flag.generate(in) ? Activation.TANH : Activation.SIGMOID);
            double target = SATURATION_LOW * Math.pow(SATURATION_HIGH / SATURATION_LOW, rms.generate(in) / (double) STEPS);
            return saturatedCase(widths, hidden, objective, batch, scale, targets, layer, target, seed);
        };
    }

    /**
     * The case {@link Generators#deepCase} draws, with W_layer and b_layer multiplied by one factor c so that the RMS
     * of layer {@code layer}'s pre-activations over units and samples is {@code rms} (c = rms / RMS of z as drawn; a
     * layer whose z are all 0 is left as it is). The recipe adds "saturate layer=k rms=m".
     */
    public static DeepCase saturatedCase(int[] widths, List<Activation> activations, Objective objective, int batch,
            double scale, Generators.Targets targets, int layer, double rms, long seed) {
        DeepCase drawn = Generators.deepCase(widths, activations, objective, batch, scale, targets, seed);
        DeepNetwork net = drawn.network();
        Matrix s = drawn.batch().inputs();
        double sum = 0.0;
        double max = 0.0;
        Matrix z = null;
        for (int k = 1; k <= layer; k++) {
            Matrix w = net.weight(k);
            Vector b = net.bias(k);
            Matrix prev = s;
            z = Matrix.fromFunction(w.rows(), batch, (i, j) -> {
                double v = b.get(i);
                for (int q = 0; q < w.cols(); q++) {
                    v += w.get(i, q) * prev.get(q, j);
                }
                return v;
            });
            Matrix zk = z;
            int kk = k;
            s = Matrix.fromFunction(w.rows(), batch, (i, j) -> net.activation(kk).value(zk.get(i, j)));
        }
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < batch; j++) {
                max = Math.max(max, Math.abs(z.get(i, j)));
            }
        }
        for (int i = 0; i < z.rows() && max > 0; i++) {
            for (int j = 0; j < batch; j++) {
                double y = z.get(i, j) / max;
                sum += y * y;
            }
        }
        double current = max * Math.sqrt(sum / (z.rows() * batch));
        double factor = current > 0 ? rms / current : 1.0;
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        for (int k = 1; k <= net.depth(); k++) {
            Matrix w = net.weight(k);
            Vector b = net.bias(k);
            double f = k == layer ? factor : 1.0;
            weights.add(Matrix.fromFunction(w.rows(), w.cols(), (i, j) -> f * w.get(i, j)));
            biases.add(Vector.fromFunction(b.size(), i -> f * b.get(i)));
        }
        DeepNetwork scaled = new DeepNetwork(weights, biases, activations);
        String extra = String.format(Locale.ROOT, " saturate layer=%d rms=%s", layer, rms);
        String recipe = drawn.recipe().replace(" seed=" + seed, extra + " seed=" + seed);
        return new DeepCase(scaled, new Batch(drawn.batch().inputs(), drawn.batch().targets()), objective, recipe);
    }

    /**
     * ReLU / leaky-ReLU networks of depth 2–6 with one pre-activation planted at offset o·s from its kink
     * ({@link Generators#deepKinkCase}), s a power of two.
     */
    public static Gen<DeepCase> deepKinkCases() {
        Gen<Integer> depth = Generate.range(2, MAX_DEPTH);
        Gen<Integer> width = Generators.dimension(MAX_WIDTH);
        Gen<Activation> kinked = Generate.pick(List.of(Activation.RELU, Activation.LEAKY_RELU));
        Gen<Integer> offset = Generate.range(0, Generators.KINK_OFFSETS.size() - 1);
        Gen<Boolean> flag = Generate.booleans();
        return in -> {
            int layers = depth.generate(in);
            int[] widths = new int[layers + 1];
            for (int k = 0; k <= layers; k++) {
                widths[k] = width.generate(in);
            }
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < layers; k++) {
                hidden.add(kinked.generate(in));
            }
            Loss loss = Generators.losses().generate(in);
            Reduction reduction = Generate.enumValues(Reduction.class).generate(in);
            Generators.Targets targets = loss == Loss.SOFTMAX_CROSS_ENTROPY ? Generators.Targets.SOFT
                    : Generators.Targets.RANDOM;
            int batch = logUniform(maxBatch(parameters(widths), SIZE_BUDGET)).generate(in);
            double scale = powerOfTwoScales().generate(in);
            int layer = Generate.range(1, layers - 1).generate(in);
            int unit = Generate.range(0, widths[layer] - 1).generate(in);
            int sample = Generate.range(0, batch - 1).generate(in);
            return Generators.deepKinkCase(widths, hidden, new Objective(loss, reduction), batch, scale, targets, layer,
                    unit, sample, Generators.KINK_OFFSETS.get(offset.generate(in)) * scale, flag.generate(in),
                    Generators.seeds().generate(in));
        };
    }
}
