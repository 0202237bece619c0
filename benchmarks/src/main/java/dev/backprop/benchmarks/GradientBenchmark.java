package dev.backprop.benchmarks;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Matrix;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Vector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The allocation-free batch gradient {@link OptimizedDeepBackprop#gradientInto} of the performance issue:
 * tanh hidden layers, linear output, ½‖r‖² summed over the batch ({@link Objective#SEED}).
 *
 * <p>A shape is {@code d x h x n x B} (input size, width of every hidden layer, output size, batch size) for a
 * network with one hidden layer (depth L = 2, the targets), or {@code d x h x n x B : L} for depth L
 * (1 to 4; L = 1 is the affine model with no hidden layer, and h is then unused). Every entry of W_k, b_k, X
 * and Y is uniform in [−1, 1] from a {@link SplittableRandom} with a fixed seed, so that every run and the
 * NumPy side of {@code benchmarks/compare.sh} time the same kind of data.
 *
 * <p>Each shape runs with 1 and with 2 OpenBLAS threads ({@link #threads}); shapes below the optimized module's
 * native threshold run on EJML in one thread either way.
 *
 * <p>Run through {@code benchmarks/compare.sh}, or directly:
 * {@code java -jar benchmarks/target/benchmarks.jar GradientBenchmark [-p shape=784x512x10x256] [-p threads=1]
 * [-prof gc]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GradientBenchmark {
    /** The fixed seed of every entry. */
    static final long SEED = 20260701L;

    /** The optimized module's system property for OpenBLAS's thread count. */
    static final String THREADS_PROPERTY = "dev.backprop.optimized.threads";

    @Param({
        "784x512x10x256",
        "1024x1024x1024x128",
        "64x64x10x32",
        "8x16x4x1",
        "256x256x10x64:1",
        "256x256x10x64:2",
        "256x256x10x64:3",
        "256x256x10x64:4",
    })
    public String shape;

    /**
     * OpenBLAS's thread count, set through the library's own system property before the first native call. Each
     * parameter set runs in a fresh JVM (JMH forks per set, {@link Fork}), where the property is read on first use.
     */
    @Param({"1", "2"})
    public int threads;

    private DeepNetwork network;
    private Batch batch;
    private final Objective objective = Objective.SEED;
    private OptimizedDeepBackprop backprop;
    private double[] into;

    @Setup
    public void setUp() {
        Shape s = Shape.parse(shape);
        SplittableRandom random = new SplittableRandom(SEED);
        network = s.network(random);
        batch = new Batch(uniform(random, s.d, s.batch), uniform(random, s.n, s.batch));
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        backprop = new OptimizedDeepBackprop();
        into = new double[Math.toIntExact(network.parameterCount())];
        // the first call allocates the workspace for this shape; the measured calls then allocate nothing
        backprop.gradientInto(network, batch, objective, into);
    }

    /** Returns the output array so that JMH consumes it (the call writes every entry). */
    @Benchmark
    public double[] gradientInto() {
        backprop.gradientInto(network, batch, objective, into);
        return into;
    }

    static Matrix uniform(SplittableRandom random, int rows, int cols) {
        return Matrix.fromFunction(rows, cols, (i, j) -> random.nextDouble(-1.0, 1.0));
    }

    static Vector uniform(SplittableRandom random, int size) {
        return Vector.fromFunction(size, i -> random.nextDouble(-1.0, 1.0));
    }

    /** A parsed {@code d x h x n x B [: L]}. */
    record Shape(int d, int h, int n, int batch, int depth) {
        static Shape parse(String text) {
            String[] depthSplit = text.trim().split(":");
            String[] parts = depthSplit[0].trim().split("x");
            if (parts.length != 4 || depthSplit.length > 2) {
                throw new IllegalArgumentException("shape " + text + " is not d x h x n x B [: L], e.g. 784x512x10x256:2");
            }
            int depth = depthSplit.length == 2 ? Integer.parseInt(depthSplit[1].trim()) : 2;
            return new Shape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()), depth);
        }

        /** W_k n_k×n_{k−1}, b_k n_k, with n_0 = d, n_1 … n_{L−1} = h, n_L = n; tanh on every hidden layer. */
        DeepNetwork network(SplittableRandom random) {
            List<Matrix> weights = new ArrayList<>(depth);
            List<Vector> biases = new ArrayList<>(depth);
            int previous = d;
            for (int k = 1; k <= depth; k++) {
                int width = k == depth ? n : h;
                weights.add(uniform(random, width, previous));
                biases.add(uniform(random, width));
                previous = width;
            }
            return new DeepNetwork(weights, biases, Collections.nCopies(depth - 1, Activation.TANH));
        }
    }
}
