package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.ShallowNetwork;
import dev.backprop.spec.Vector;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.check.PropertyResult;
import dev.backprop.verification.check.PropertyRun;
import dev.backprop.verification.generate.Generators;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The reference's documented size limit ({@link ReferenceDeepBackprop#MAX_JACOBIAN_ENTRIES}): a call whose
 * Jacobians would exceed it is refused with one message that says what was asked, the limit and what to use
 * instead, and refused before allocating them — the thread's allocation counter (bytes, not time) sees next to
 * nothing, where the tensors would need more than the whole heap. Below the limit it still computes.
 */
class ReferenceSizeLimitTest {
    /** Far below any Jacobian refused here, far above a message and a few small arrays. */
    static final long REFUSAL_ALLOCATION_BYTES = 1 << 20;

    /** The issue's shape, (784, 512, 10) at B = 256: per sample ∂z₁/∂W₁ alone has 512·784·512 entries. */
    @Test
    void theIssuesShapeIsRefusedWithAMessage() {
        DeepNetwork net = network(new int[] {784, 512, 10});
        Batch batch = batch(784, 10, 256);
        IllegalArgumentException e = refusedWithoutAllocating(() -> new ReferenceDeepBackprop().gradient(net, batch,
                Objective.SEED));
        String m = e.getMessage();
        // what was asked, how much that is (this test's own count of the documented Jacobians), the limit, the way out
        double perSample = 512.0 * 784 * 512 + 512 * 512 + 10.0 * 10 * 512 + 10 * 10 + 10 * 512 + 512 * 512 + 10;
        assertTrue(m.contains("[784, 512, 10]") && m.contains("batch of 256"), m);
        assertTrue(m.contains(String.format(Locale.ROOT, "%.3g", perSample * 256)), m);
        assertTrue(m.contains("67,108,864"), m);
        assertTrue(m.contains("optimized") && m.contains("random projections"), m);
        assertEquals(1L << 26, ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    /**
     * A shape whose one tensor ∂z₁/∂W₁ (40,000 × 2 × 40,000 entries, 25.6 GB) fits in no heap this test runs with:
     * refused by the count, not by an {@link OutOfMemoryError} — for the deep and both shallow entry points.
     */
    @Test
    void aShapeBeyondTheHeapIsRefusedBeforeAllocation() {
        int h = 40_000;
        long tensorBytes = 8L * h * 2 * h;
        assertTrue(tensorBytes > Runtime.getRuntime().maxMemory(), "the heap would hold the tensor");
        DeepNetwork deep = network(new int[] {2, h, 1});
        Batch batch = batch(2, 1, 1);
        refusedWithoutAllocating(() -> new ReferenceDeepBackprop().gradient(deep, batch, Objective.SEED));
        ShallowNetwork shallow = new ShallowNetwork(deep.weight(1), deep.bias(1), deep.weight(2), deep.bias(2),
                Activation.TANH);
        refusedWithoutAllocating(() -> new ReferenceBackprop().gradient(shallow, batch));
        refusedWithoutAllocating(() -> new ReferenceBackprop().augmentedGradient(shallow, batch));
    }

    /**
     * The limit counts the whole batch: widths (128, 128, 2) materialise 2,130,694 entries per sample (the test's own
     * count: 128³ + 2·128² + 2·128 for layer 1 and its chain, 2·2·128 + 2² for layer 2, 2 for the loss), so a batch
     * of 32 (6.8·10⁷) is refused and a batch of 2 is computed.
     */
    @Test
    void theLimitCountsTheBatch() {
        DeepNetwork net = network(new int[] {128, 128, 2});
        double perSample = 128.0 * 128 * 128 + 2 * 128 * 128 + 2 * 128 + 2 * 2 * 128 + 4 + 2;
        assertEquals(2_130_694, perSample);
        assertTrue(32 * perSample > ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES
                && 31 * perSample <= ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES);
        IllegalArgumentException e = refusedWithoutAllocating(() -> new ReferenceDeepBackprop().gradient(net,
                batch(128, 2, 32), Objective.SEED));
        assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "%.3g per sample", perSample)), e.getMessage());
        // below the limit the call computes (its values are judged by DeepGradientProperties, not here)
        DeepGradient g = new ReferenceDeepBackprop().gradient(net, batch(128, 2, 2), Objective.SEED);
        assertEquals(128, g.weight(1).rows());
        assertEquals(2, g.weight(2).cols());
    }

    /**
     * The gate and the contracts run the reference on {@link Generators#deepCases()}, {@link Generators#deepKinkCases()}
     * and {@link Generators#largeDeepCases()} (depth 2–4, widths 32–64, B 8–32): every one of 2,000 draws of each
     * stays below the limit by the test's own count of the documented Jacobians, so the gate never meets the refusal.
     */
    @Test
    void theGatesReferenceCasesAreBelowTheLimit() {
        for (var cases : List.of(Generators.deepCases(), Generators.deepKinkCases(), Generators.largeDeepCases())) {
            PropertyResult r = PropertyRun.run("reference cases within the size limit", cases, GATE_DRAWS,
                    PropertyRun.DEFAULT_SEED, c -> {
                        double entries = c.batch().size() * perSample(c.network());
                        double scaled = entries / ReferenceDeepBackprop.MAX_JACOBIAN_ENTRIES;
                        return scaled <= 1 ? Observation.pass(scaled)
                                : Observation.fail(scaled, c.recipe() + ": " + entries + " entries");
                    });
            System.out.println(r.report());
            assertTrue(r.passed(), r::report);
            assertEquals(GATE_DRAWS, r.cases(), r::report);
        }
    }

    static final int GATE_DRAWS = 2000;

    /** ∂ℓ_b/∂ŷ; per layer ∂z_k/∂W_k and ∂z_k/∂b_k; per hidden layer ∂s_k/∂z_k and ∂z_{k+1}/∂s_k. */
    static double perSample(DeepNetwork net) {
        int depth = net.depth();
        double entries = net.width(depth);
        for (int k = 1; k <= depth; k++) {
            double out = net.width(k);
            entries += out * net.width(k - 1) * out + out * out;
            if (k < depth) {
                entries += out * out + out * net.width(k + 1);
            }
        }
        return entries;
    }

    /** Runs {@code call}, expecting the size refusal, and asserts the thread allocated less than a megabyte doing it. */
    static IllegalArgumentException refusedWithoutAllocating(Executable call) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(e.getMessage().contains("reference's limit of 67,108,864"), e.getMessage());
        assertTrue(allocated < REFUSAL_ALLOCATION_BYTES, () -> "allocated " + allocated + " bytes before refusing");
        return e;
    }

    /** A tanh network of the given widths, entries 0.01·(i − j) mod small: values do not matter for a refusal. */
    static DeepNetwork network(int[] widths) {
        List<Matrix> weights = new java.util.ArrayList<>();
        List<Vector> biases = new java.util.ArrayList<>();
        for (int k = 1; k < widths.length; k++) {
            weights.add(Matrix.fromFunction(widths[k], widths[k - 1], (i, j) -> 0.01 * ((i + 2 * j) % 7 - 3)));
            biases.add(Vector.fromFunction(widths[k], i -> 0.01 * (i % 5)));
        }
        return new DeepNetwork(weights, biases, java.util.Collections.nCopies(widths.length - 2, Activation.TANH));
    }

    static Batch batch(int d, int n, int samples) {
        return new Batch(Matrix.fromFunction(d, samples, (i, b) -> 0.1 * ((i + b) % 11 - 5)),
                Matrix.fromFunction(n, samples, (i, b) -> 0.1 * ((i * b) % 3)));
    }
}
