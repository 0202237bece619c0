package dev.backprop.verification.formula;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One random instance the formula is evaluated on: the widths n₀ = d, …, n_L = n and the batch size B of
 * its {@link FormulaResult.Family}, a network with the question's activations, a batch and its targets.
 *
 * <p>Entries of W_k, b_k and x are uniform in [−{@link #ENTRY_RANGE}, {@link #ENTRY_RANGE}]. Targets: for the
 * squared losses uniform in the same range, except every fourth case, whose target is 0 (the seed's literal
 * r := ŷ); for cross-entropy one-hot on even cases and a random probability vector (positive entries,
 * normalised) on odd ones.
 *
 * <p>Each case is drawn from its own stream, seeded from (seed, family, index): the same arguments give the
 * same case, and a case can be replayed without drawing the ones before it.
 */
record FormulaCase(FormulaResult.Family family, int index, int[] widths, int batchSize, DeepNetwork network,
        Batch batch, Objective objective) {
    /**
     * Entries are drawn from [−1, 1]: σ' of tanh and the logistic then ranges over a good part of its values
     * (a missing σ' is a visible factor, not ≈ 1), and no activation saturates, so the gauges stay near the
     * values and a wrong formula's error stands ~10¹⁵ above them.
     */
    static final double ENTRY_RANGE = 1.0;

    /** The widths of the equal-width family are drawn from 2 to this. */
    static final int MAX_EQUAL_WIDTH = 4;

    /** The batch sizes of the equal-width family are drawn from 1 to this (never equal to the width). */
    static final int MAX_EQUAL_BATCH = 5;

    /**
     * The case of {@code family} number {@code index} for the given depth, activations and objective.
     *
     * <ul>
     * <li>{@link FormulaResult.Family#DISTINCT}: d, h1, …, n and B pairwise different, each ≥ 2, drawn from
     * 2 … L + 4: a product whose inner dimensions are different symbols cannot be formed, a transpose changes
     * every non-square shape, and no gradient of one parameter has the shape of another's.
     * <li>{@link FormulaResult.Family#ONES}: case 0 has every dimension 1; the others draw distinct sizes as above
     * and set each to 1 with probability ½ (at least one). Vectors become scalars, rows and columns coincide.
     * <li>{@link FormulaResult.Family#EQUAL}: d = h1 = … = n = w ∈ 2 … {@link #MAX_EQUAL_WIDTH} and B ≠ w: every
     * W is square and every layer's quantities have the same shape, so a factor from the wrong layer can be
     * evaluated (and caught by its value).
     * </ul>
     */
    static FormulaCase draw(List<Activation> hidden, Objective objective, FormulaResult.Family family, long seed,
            int index) {
        int depth = hidden.size() + 1;
        SplittableRandom random = new SplittableRandom(mix(seed, family.ordinal(), index));
        int[] dims = new int[depth + 2]; // n₀ … n_L, then B
        switch (family) {
            case DISTINCT -> distinct(dims, random);
            case ONES -> {
                distinct(dims, random);
                if (index == 0) {
                    java.util.Arrays.fill(dims, 1);
                } else {
                    boolean any = false;
                    for (int i = 0; i < dims.length; i++) {
                        if (random.nextBoolean()) {
                            dims[i] = 1;
                            any = true;
                        }
                    }
                    if (!any) {
                        dims[random.nextInt(dims.length)] = 1;
                    }
                }
            }
            case EQUAL -> {
                int w = 2 + random.nextInt(MAX_EQUAL_WIDTH - 1);
                java.util.Arrays.fill(dims, w);
                int b = 1 + random.nextInt(MAX_EQUAL_BATCH - 1);
                dims[depth + 1] = b >= w ? b + 1 : b;
            }
            default -> throw new IllegalStateException("no family " + family);
        }
        int[] widths = java.util.Arrays.copyOf(dims, depth + 1);
        int samples = dims[depth + 1];
        List<Matrix> weights = new ArrayList<>();
        List<Vector> biases = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            weights.add(Matrix.fromFunction(widths[k], widths[k - 1], (i, j) -> entry(random)));
            biases.add(Vector.fromFunction(widths[k], i -> entry(random)));
        }
        DeepNetwork network = new DeepNetwork(weights, biases, hidden);
        Matrix inputs = Matrix.fromFunction(widths[0], samples, (i, j) -> entry(random));
        Matrix targets = targets(objective.loss(), random, widths[depth], samples, index);
        return new FormulaCase(family, index, widths, samples, network, new Batch(inputs, targets), objective);
    }

    private static void distinct(int[] dims, SplittableRandom random) {
        List<Integer> pool = new ArrayList<>();
        for (int v = 2; v <= dims.length + 2; v++) {
            pool.add(v);
        }
        for (int i = 0; i < dims.length; i++) {
            dims[i] = pool.remove(random.nextInt(pool.size()));
        }
    }

    private static Matrix targets(Loss loss, SplittableRandom random, int n, int samples, int index) {
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            boolean zero = index % 4 == 3;
            return Matrix.fromFunction(n, samples, (i, j) -> zero ? 0.0 : entry(random));
        }
        double[][] y = new double[n][samples];
        for (int b = 0; b < samples; b++) {
            if (index % 2 == 0) {
                y[random.nextInt(n)][b] = 1.0;
            } else {
                double sum = 0.0;
                for (int i = 0; i < n; i++) {
                    y[i][b] = 0.05 + random.nextDouble();
                    sum += y[i][b];
                }
                for (int i = 0; i < n; i++) {
                    y[i][b] /= sum;
                }
            }
        }
        return Matrix.fromFunction(n, samples, (i, j) -> y[i][j]);
    }

    private static double entry(SplittableRandom random) {
        return ENTRY_RANGE * (2.0 * random.nextDouble() - 1.0);
    }

    /** A stream seed for (seed, family, index): SplitMix64's finaliser over the three, so nearby seeds differ. */
    private static long mix(long seed, int family, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + family * 1_000_003L + (long) index * 7919L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** L. */
    int depth() {
        return widths.length - 1;
    }

    /** E.g. "distinct #3: d=5 h1=2 n=3 B=6". */
    String describe(Vocabulary vocabulary) {
        StringBuilder out = new StringBuilder(family.label()).append(" #").append(index).append(':');
        for (int k = 0; k < widths.length; k++) {
            out.append(' ').append(vocabulary.symbol(k)).append('=').append(widths[k]);
        }
        return out.append(" B=").append(batchSize).toString();
    }
}
