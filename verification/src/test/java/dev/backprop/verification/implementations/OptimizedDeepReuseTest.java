package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Layout;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimized deep backprop's workspace: reused across calls without leaking state, and, once it exists for a
 * shape, {@link OptimizedDeepBackprop#gradientInto} allocates nothing. Allocation is counted by the JVM's
 * per-thread allocation counter (bytes, not time), with a control that shows the counter sees an allocation.
 */
class OptimizedDeepReuseTest {
    static final int EXAMPLES = 200;

    /**
     * One instance kept across a whole run computes each case after a case of another shape (or the same shape
     * with other values); its result must equal a fresh instance's bitwise, through both entry points, and
     * {@code gradientInto}'s flat order must be the documented one: for each layer ∂ℓ/∂W_k row-major in
     * numerator layout, then ∂ℓ/∂b_k.
     */
    @Test
    void reusedInstanceMatchesFreshInstanceBitwise() {
        OptimizedDeepBackprop shared = new OptimizedDeepBackprop();
        // NaN-filled and reused across cases of a length: an entry gradientInto misses is NaN, never a stale value
        IntoBuffers buffers = new IntoBuffers();
        PropertyResult r = PropertyRun.run("OptimizedDeepBackprop reused", Generators.deepCases(), EXAMPLES,
                PropertyRun.DEFAULT_SEED, c -> {
                    DeepGradient fresh = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
                    DeepGradient got = shared.gradient(c.network(), c.batch(), c.objective());
                    double[] flat = buffers.call(shared::gradientInto, c.network(), c.batch(), c.objective());
                    String diff = "";
                    if (!flat(fresh).equals(flat(got))) {
                        diff += "gradient after another case differs from a fresh instance's\n";
                    }
                    String into = IntoBuffers.compare(flat, fresh);
                    if (!into.isEmpty()) {
                        diff += "gradientInto differs from gradient or is not in the documented order:\n" + into;
                    }
                    return diff.isEmpty() ? Observation.pass(0.0) : Observation.fail(Double.POSITIVE_INFINITY, diff);
                });
        assertTrue(r.passed(), r::report);
        assertEquals(EXAMPLES, r.cases(), r::report);
    }

    /** The documented flat order, read off a gradient in numerator layout. */
    private static List<Double> flat(DeepGradient g) {
        DeepGradient n = g.in(Layout.NUMERATOR);
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        for (int k = 1; k <= n.depth(); k++) {
            for (double v : n.weight(k).toArray()) {
                out.add(v);
            }
            for (double v : n.bias(k).toArray()) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Steady state: once warmed up at a shape, 2,000 further calls of gradientInto allocate 0 bytes, for every
     * loss and reduction at three shapes that together use every activation; the control, gradient(), which
     * returns new matrices, is seen allocating.
     */
    @Test
    void gradientIntoAllocatesNothingAfterTheFirstCall() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);
        // the counter's own first calls initialise it lazily (measured: a few hundred bytes); an empty interval
        // must then read 0, or nothing below could
        long idle = 0;
        for (int warm = 0; warm < 1_000; warm++) {
            long at = threads.getCurrentThreadAllocatedBytes();
            idle = threads.getCurrentThreadAllocatedBytes() - at;
        }
        assertEquals(0L, idle, "an empty interval allocated");
        List<Executable> checks = new java.util.ArrayList<>();
        List<DeepCase> cases = new java.util.ArrayList<>();
        List<OptimizedDeepBackprop> subjects = new java.util.ArrayList<>();
        // every loss and reduction on a depth-3 network, and two more shapes: depth 6 with every activation, and
        // the smallest, depth 1 with B = 1
        List<int[]> shapes = List.of(new int[] {6, 5, 4, 3}, new int[] {3, 4, 5, 4, 3, 4, 2}, new int[] {1, 1});
        List<List<Activation>> activations = List.of(List.of(Activation.TANH, Activation.LEAKY_RELU),
                List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.SOFTPLUS,
                        Activation.RELU),
                List.of());
        for (int shape = 0; shape < shapes.size(); shape++) {
            for (Loss loss : Loss.values()) {
                for (Reduction reduction : Reduction.values()) {
                    cases.add(Generators.deepCase(shapes.get(shape), activations.get(shape),
                            new Objective(loss, reduction), shape == 2 ? 1 : 7, 1.0,
                            loss == Loss.SOFTMAX_CROSS_ENTROPY ? Generators.Targets.SOFT : Generators.Targets.RANDOM,
                            3L + shape));
                    subjects.add(new OptimizedDeepBackprop());
                }
            }
        }
        // Steady state is what is claimed: every combination is warmed up before any is measured, so that the
        // JVM's one-off work on a code path first taken (resolving a class in an uncommon trap allocates on the
        // calling thread) falls before the measurement; each interval is then measured three times and the
        // least count kept, as a benchmark keeps its steady-state iterations.
        for (int round = 0; round < 2; round++) {
            for (int c = 0; c < cases.size(); c++) {
                DeepCase k = cases.get(c);
                double[] into = nanFilled(k.network().parameterCount());
                for (int warm = 0; warm < 2_000; warm++) {
                    subjects.get(c).gradientInto(k.network(), k.batch(), k.objective(), into);
                }
            }
        }
        for (int c = 0; c < cases.size(); c++) {
            DeepCase k = cases.get(c);
            OptimizedDeepBackprop subject = subjects.get(c);
            double[] into = nanFilled(k.network().parameterCount());
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int call = 0; call < 2_000; call++) {
                    subject.gradientInto(k.network(), k.batch(), k.objective(), into);
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
            long allocated = least;
            long controlBefore = threads.getCurrentThreadAllocatedBytes();
            subject.gradient(k.network(), k.batch(), k.objective());
            long control = threads.getCurrentThreadAllocatedBytes() - controlBefore;
            checks.add(() -> assertEquals(0L, allocated, k.objective().describe() + ": bytes over 2,000 calls"));
            checks.add(() -> assertTrue(control > 0, "the counter saw no allocation by gradient()"));
        }
        assertEquals(2 * 3 * Loss.values().length * Reduction.values().length, checks.size());
        assertAll(checks.stream().map(e -> (org.junit.jupiter.api.function.Executable) e::run));
    }

    interface Executable {
        void run();
    }

    /** gradientInto refuses an array of the wrong length, naming both lengths, and writes nothing. */
    @Test
    void gradientIntoRefusesAWrongLength() {
        DeepCase c = Generators.deepCase(new int[] {3, 5, 2}, List.of(Activation.TANH), Objective.SEED, 2, 1.0,
                Generators.Targets.RANDOM, 5L);
        double[] wrong = nanFilled(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OptimizedDeepBackprop().gradientInto(c.network(), c.batch(), c.objective(), wrong));
        assertAll(() -> assertTrue(e.getMessage().contains("5 entries") && e.getMessage().contains("32 parameters"),
                e.getMessage()), () -> assertArrayEquals(nanFilled(5), wrong));
    }

    /** A caller's buffer as the suite hands it over: every entry NaN, so that an entry left unwritten shows. */
    private static double[] nanFilled(long n) {
        double[] out = new double[Math.toIntExact(n)];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }
}
