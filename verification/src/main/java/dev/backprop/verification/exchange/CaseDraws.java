package dev.backprop.verification.exchange;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Generators.Targets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Draws the case sets of {@link CaseFiles}. Every case is built by {@link Generators#deepCase} from a recipe,
 * so its recipe text rebuilds it exactly.
 *
 * <p>The shapes and names are drawn from one {@link SplittableRandom} seeded with the set's seed, each value
 * from a shuffled bag of all its choices that is refilled when empty: as uniform as the property tests'
 * draws in the long run, and a short set still sees every value — the first 6 cases every depth (and with
 * their 15 hidden layers every activation), the first 4 every batch size and scale, the first 12 every
 * combination of loss, reduction and target kind. Everything is drawn case by case in one stream, so the first
 * k cases of a set of n are the set of k.
 */
final class CaseDraws {
    /** The entry scales of the property tests ({@code Generators.SCALES}, package-private there). */
    private static final List<Double> SCALES = List.of(0.25, 1.0, 2.0, 10.0);

    /** A loss, a reduction and a target kind that fits the loss. */
    private record Setting(Loss loss, Reduction reduction, Targets targets) {
    }

    private CaseDraws() {
    }

    static CaseSet draw(long seed, int count) {
        requireCount(count);
        SplittableRandom random = new SplittableRandom(seed);
        Bag<Integer> depths = new Bag<>(range(1, Generators.MAX_DEPTH), random);
        Bag<Integer> widths = new Bag<>(range(1, Generators.MAX_WIDTH), random);
        Bag<Integer> batches = new Bag<>(range(1, Generators.MAX_BATCH), random);
        Bag<Activation> activations = new Bag<>(Arrays.asList(Activation.values()), random);
        Bag<Double> scales = new Bag<>(SCALES, random);
        Bag<Setting> settings = new Bag<>(settings(), random);
        List<ExchangeCase> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int depth = depths.next();
            int[] shape = new int[depth + 1];
            for (int k = 0; k <= depth; k++) {
                shape[k] = widths.next();
            }
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < depth; k++) {
                hidden.add(activations.next());
            }
            Setting s = settings.next();
            DeepCase drawn = Generators.deepCase(shape, hidden, new Objective(s.loss(), s.reduction()),
                    batches.next(), scales.next(), s.targets(), caseSeed(random));
            cases.add(exchange("c" + i, drawn));
        }
        return new CaseSet(seed, cases);
    }

    /**
     * Cases of one shape. Targets alternate between the loss's two kinds, as {@link Generators#deepCases()}
     * draws them: one-hot then soft for cross-entropy, random then zero for the squared losses.
     */
    static CaseSet fixedShape(long seed, int count, int[] widths, Activation hidden, Objective objective, int batch,
            double scale) {
        requireCount(count);
        if (widths == null || widths.length < 2) {
            throw new IllegalArgumentException("widths are n_0 = d, …, n_L: at least two, got "
                    + Arrays.toString(widths));
        }
        if (objective == null || hidden == null && widths.length > 2) {
            throw new IllegalArgumentException(objective == null ? "objective is missing"
                    : "a network of " + (widths.length - 1) + " layers needs a hidden activation");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        List<Activation> activations = new ArrayList<>();
        for (int k = 1; k < widths.length - 1; k++) {
            activations.add(hidden);
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean crossEntropy = objective.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
        List<ExchangeCase> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean second = i % 2 == 1;
            Targets targets = crossEntropy ? (second ? Targets.SOFT : Targets.ONE_HOT)
                    : (second ? Targets.ZERO : Targets.RANDOM);
            DeepCase drawn = Generators.deepCase(widths.clone(), activations, objective, batch, scale, targets,
                    caseSeed(random));
            cases.add(exchange("c" + i, drawn));
        }
        return new CaseSet(seed, cases);
    }

    /** In the range of {@link Generators#seeds()}. */
    private static long caseSeed(SplittableRandom random) {
        return random.nextLong(0, Long.MAX_VALUE / 2 + 1);
    }

    private static ExchangeCase exchange(String id, DeepCase drawn) {
        return new ExchangeCase(id, drawn.network(), drawn.batch(), drawn.objective(), drawn.recipe());
    }

    /** Every loss with both reductions and both of its target kinds. */
    private static List<Setting> settings() {
        List<Setting> all = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            boolean crossEntropy = loss == Loss.SOFTMAX_CROSS_ENTROPY;
            for (Reduction reduction : Reduction.values()) {
                all.add(new Setting(loss, reduction, crossEntropy ? Targets.ONE_HOT : Targets.ZERO));
                all.add(new Setting(loss, reduction, crossEntropy ? Targets.SOFT : Targets.RANDOM));
            }
        }
        return all;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    private static void requireCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a case set has at least one case, got " + count);
        }
    }

    /** Draws every choice once, in random order, then starts over. */
    private static final class Bag<T> {
        private final List<T> choices;
        private final SplittableRandom random;
        private final List<T> left = new ArrayList<>();

        Bag(List<T> choices, SplittableRandom random) {
            this.choices = List.copyOf(choices);
            this.random = random;
        }

        T next() {
            if (left.isEmpty()) {
                left.addAll(choices);
            }
            return left.remove(random.nextInt(left.size()));
        }
    }
}
