package dev.backprop.verification.implementations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The NaN-filled buffers of {@link IntoBuffers} bite: a planted {@code gradientInto} that skips one entry whose
 * right value is exactly 0 passes a comparison into a fresh (zero-filled) array — the hole the NaN closes — and
 * is rejected through {@link IntoBuffers}, the entry named; one that writes every entry on the first call but skips
 * one on the next call into the same array is rejected on that second call, though the stale value from the first
 * call would have been right there too.
 */
class IntoBuffersBiteTest {
    /** Entry 1 of the flat order is ∂ℓ/∂W1[0,1]; with input row 0 all zeros, ∂ℓ/∂W1[0,j] = Σ_b x_0b g_jb = 0. */
    private static final int SKIPPED = 1;

    /** A depth-2 tanh network on a batch whose first input feature is 0 in every sample. */
    private static DeepCase zeroFeatureCase(long seed) {
        DeepCase c = Generators.deepCase(new int[] {3, 4, 2}, List.of(Activation.TANH), Objective.SEED, 3, 1.0,
                Generators.Targets.RANDOM, seed);
        Matrix x = c.batch().inputs();
        Matrix zeroRow = Matrix.fromFunction(x.rows(), x.cols(), (i, j) -> i == 0 ? 0.0 : x.get(i, j));
        return new DeepCase(c.network(), new Batch(zeroRow, c.batch().targets()), c.objective(), c.recipe());
    }

    /** The real gradientInto into a scratch array, copied into {@code into} but for entry {@link #SKIPPED}. */
    private static void skipping(OptimizedDeepBackprop real, DeepCase c, double[] into) {
        double[] all = new double[into.length];
        real.gradientInto(c.network(), c.batch(), c.objective(), all);
        for (int e = 0; e < into.length; e++) {
            if (e != SKIPPED) {
                into[e] = all[e];
            }
        }
    }

    @Test
    void anUnwrittenEntryPassesAZeroFilledArrayAndIsNamedInANanFilledOne() {
        DeepCase c = zeroFeatureCase(11L);
        DeepGradient right = new OptimizedDeepBackprop().gradient(c.network(), c.batch(), c.objective());
        OptimizedDeepBackprop real = new OptimizedDeepBackprop();
        IntoBuffers.Into planted = (network, batch, objective, into) -> skipping(real, c, into);
        // the control: the skipped entry is 0, so a fresh array hides the missed write
        double[] fresh = new double[(int) c.network().parameterCount()];
        planted.call(c.network(), c.batch(), c.objective(), fresh);
        assertEquals("", IntoBuffers.compare(fresh, right), "the skipped entry's right value must be 0 here");
        // through the suite's buffers: named, as not written
        double[] got = new IntoBuffers().call(planted, c.network(), c.batch(), c.objective());
        assertEquals("into[1] = ∂ℓ/∂W1[0,1]: NaN — not written — want 0.0", IntoBuffers.compare(got, right));
    }

    @Test
    void aSecondCallThatWritesLessIsCaughtOnTheReusedBuffer() {
        DeepCase first = zeroFeatureCase(11L);
        DeepCase second = zeroFeatureCase(12L);
        OptimizedDeepBackprop real = new OptimizedDeepBackprop();
        int[] calls = {0};
        IntoBuffers.Into planted = (network, batch, objective, into) -> {
            DeepCase c = new DeepCase(network, batch, objective, "");
            if (calls[0]++ == 0) {
                real.gradientInto(network, batch, objective, into);
            } else {
                skipping(real, c, into);
            }
        };
        IntoBuffers buffers = new IntoBuffers();
        double[] one = buffers.call(planted, first.network(), first.batch(), first.objective());
        assertEquals("", IntoBuffers.compare(one, new OptimizedDeepBackprop().gradient(first.network(),
                first.batch(), first.objective())), "the first call writes everything");
        double[] two = buffers.call(planted, second.network(), second.batch(), second.objective());
        assertSame(one, two, "the same array is reused for the same length");
        assertEquals("into[1] = ∂ℓ/∂W1[0,1]: NaN — not written — want 0.0", IntoBuffers.compare(two,
                new OptimizedDeepBackprop().gradient(second.network(), second.batch(), second.objective())));
    }
}
