package dev.backprop.verification.mutation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Objective;
import dev.backprop.spec.ShallowGradient;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.ShallowCase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One optimized instance kept across calls whose shapes differ in exactly one dimension gives, bitwise, what a
 * fresh instance gives: the workspace of the previous shape is never reused for a shape it does not fit. And at
 * an unchanged shape the shallow workspace is reused, not rebuilt (OptimizedBackprop's javadoc: "per call, the
 * only allocations are the returned spec matrices").
 */
class WorkspaceReuseTest {

    /** d, h, n, B, each changed alone and then changed back, starting from (2, 3, 2, 3). */
    @Test
    void shallowInstanceFollowsEveryChangeOfShape() {
        int[][] shapes = {{2, 3, 2, 3}, {1, 3, 2, 3}, {2, 3, 2, 3}, {2, 1, 2, 3}, {2, 3, 2, 3}, {2, 3, 1, 3},
            {2, 3, 2, 3}, {2, 3, 2, 1}, {2, 3, 2, 3}};
        OptimizedBackprop shared = new OptimizedBackprop();
        List<Executable> checks = new ArrayList<>();
        for (int at = 0; at < shapes.length; at++) {
            int[] s = shapes[at];
            ShallowCase c = Generators.shallowCase(s[0], s[1], s[2], s[3], Activation.TANH, 1.0, false, 40L + at);
            ShallowGradient fresh = new OptimizedBackprop().gradient(c.network(), c.batch());
            ShallowGradient got = shared.gradient(c.network(), c.batch());
            String step = "call " + at + ", " + c.recipe();
            checks.add(() -> assertEquals(fresh.w1(), got.w1(), step));
            checks.add(() -> assertEquals(fresh.b1(), got.b1(), step));
            checks.add(() -> assertEquals(fresh.w2(), got.w2(), step));
            checks.add(() -> assertEquals(fresh.b2(), got.b2(), step));
            checks.add(() -> assertEquals(new OptimizedBackprop().augmentedGradient(c.network(), c.batch()).w1Tilde(),
                    shared.augmentedGradient(c.network(), c.batch()).w1Tilde(), step));
        }
        assertAll(checks);
    }

    /**
     * Widths (3, 4, 2) with B = 2, then the same but for one change: the output width, a hidden width, the
     * input width, the batch, the depth; each followed by the original shape again.
     */
    @Test
    void deepInstanceFollowsEveryChangeOfShape() {
        int[][] widths = {{3, 4, 2}, {3, 4, 1}, {3, 4, 2}, {3, 5, 2}, {3, 4, 2}, {2, 4, 2}, {3, 4, 2}, {3, 4, 2},
            {3, 4, 2}, {3, 4, 4, 2}, {3, 4, 2}};
        int[] batches = {2, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2};
        OptimizedDeepBackprop shared = new OptimizedDeepBackprop();
        List<Executable> checks = new ArrayList<>();
        for (int at = 0; at < widths.length; at++) {
            List<Activation> hidden = new ArrayList<>();
            for (int k = 1; k < widths[at].length - 1; k++) {
                hidden.add(Activation.TANH);
            }
            DeepCase c = Generators.deepCase(widths[at], hidden, Objective.SEED, batches[at], 1.0,
                    Generators.Targets.RANDOM, 60L + at);
            DeepGradient fresh = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
            DeepGradient got = shared.gradient(c.network(), c.batch(), c.objective());
            String step = "call " + at + ", " + c;
            for (int k = 1; k <= fresh.depth(); k++) {
                int layer = k;
                checks.add(() -> assertEquals(fresh.weight(layer), got.weight(layer), step));
                checks.add(() -> assertEquals(fresh.bias(layer), got.bias(layer), step));
            }
        }
        assertAll(checks);
    }

    /**
     * d = h = n = 2 and B = 2¹⁵: the workspace holds X̃ = [X; 1ᵀ] alone, 3·B doubles = 786,432 bytes, while the
     * gradient returned is 12 numbers. A warm call that rebuilt its workspace would allocate at least X̃ again;
     * one that reuses it allocates the returned matrices only, far below that. The bound is X̃'s size, the
     * least that a rebuild costs; the counter is shown to see an allocation of that size first.
     */
    @Test
    void shallowWorkspaceIsReusedAtAnUnchangedShape() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);
        int batch = 1 << 15;
        long xTildeBytes = 3L * batch * Double.BYTES;
        ShallowCase c = Generators.shallowCase(2, 2, 2, batch, Activation.TANH, 1.0, false, 7L);
        OptimizedBackprop subject = new OptimizedBackprop();
        long first = threads.getCurrentThreadAllocatedBytes();
        subject.gradient(c.network(), c.batch());
        long firstCall = threads.getCurrentThreadAllocatedBytes() - first;
        for (int warm = 0; warm < 20; warm++) {
            subject.gradient(c.network(), c.batch());
            subject.augmentedGradient(c.network(), c.batch());
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            subject.gradient(c.network(), c.batch());
            subject.augmentedGradient(c.network(), c.batch());
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        long warmCalls = least;
        assertAll(() -> assertTrue(firstCall >= xTildeBytes, "the first call, which builds the workspace, "
                        + "allocated " + firstCall + " bytes"),
                () -> assertTrue(warmCalls < xTildeBytes, "two warm calls allocated " + warmCalls
                        + " bytes, as much as a new workspace (" + xTildeBytes + ")"));
    }
}
