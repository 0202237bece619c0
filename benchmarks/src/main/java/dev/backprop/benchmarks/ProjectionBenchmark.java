package dev.backprop.benchmarks;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepGradient;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.large.ProjectionCheck;
import dev.backprop.verification.large.ProjectionResult;
import dev.backprop.verification.numeric.DeepGauges;
import dev.backprop.verification.numeric.DirectionalDerivative;
import dev.backprop.verification.numeric.RankOneDirections;
import dev.backprop.verification.numeric.Tolerances;
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
 * The random-projection check of a large model's gradient ({@link ProjectionCheck}, issue 7's target: ≤ 50 ms at
 * (784, 512, 10), B = 256) and its parts, each timed in the same run so that their ratios mean something on a loaded
 * machine: the whole check ({@link #check}), its rounding gauges ({@link #gauges}), the oracle's forward pass
 * ({@link #forwardPass}), the m rank-one tangents ({@link #tangents}), and the optimized gradient itself
 * ({@link #gradient}) as the yardstick.
 *
 * <p>The model is the issue's: one tanh hidden layer, ½‖r‖² summed over the batch, drawn by
 * {@link Generators#deepCase} (entries of scale 0.25, random targets, fixed seed). A shape is {@code d x h x n x B}.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ProjectionBenchmark [-p shape=784x512x10x256]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ProjectionBenchmark {
    /** The seed of the model and of the directions. */
    static final long SEED = 20211001L;

    @Param({"784x512x10x256"})
    public String shape;

    private DeepCase model;
    private DeepGradient claimed;
    private DirectionalDerivative oracle;
    private RankOneDirections directions;

    @Setup
    public void setUp() {
        String[] parts = shape.trim().split("x");
        if (parts.length != 4) {
            throw new IllegalArgumentException("shape " + shape + " is not d x h x n x B, e.g. 784x512x10x256");
        }
        int[] widths = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        model = Generators.deepCase(widths, List.of(Activation.TANH),
                new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), Integer.parseInt(parts[3]), 0.25,
                Generators.Targets.RANDOM, SEED);
        claimed = new OptimizedDeepBackprop().gradient(model.network(), model.batch(), model.objective());
        oracle = DirectionalDerivative.of(model.network(), model.batch(), model.objective());
        directions = RankOneDirections.draw(model.network(), ProjectionCheck.projections(
                Tolerances.DEFAULT_MISS_PROBABILITY), new SplittableRandom(SEED));
        // a benchmark of a check that fails would time the wrong thing
        ProjectionResult r = check();
        if (!r.passed()) {
            throw new IllegalStateException("the right gradient fails the check: " + r.describe());
        }
    }

    /** The whole check, as the gate, the contract and the judge call it. */
    @Benchmark
    public ProjectionResult check() {
        return ProjectionCheck.check(model.network(), model.batch(), model.objective(), claimed, SEED);
    }

    /** The rounding gauges the tolerance is built from. */
    @Benchmark
    public DeepGauges gauges() {
        return DeepGauges.of(model.network(), model.batch(), model.objective());
    }

    /** The oracle's forward pass, which every direction's tangent needs. */
    @Benchmark
    public DirectionalDerivative forwardPass() {
        return DirectionalDerivative.of(model.network(), model.batch(), model.objective());
    }

    /** The check's m directional derivatives, one batched pass of rank-one tangents (σ' and ∂ℓ_b/∂ŷ included). */
    @Benchmark
    public double[] tangents() {
        return oracle.along(directions, null);
    }

    /** The optimized implementation's gradient: the yardstick the check is compared with. */
    @Benchmark
    public DeepGradient gradient() {
        return new OptimizedDeepBackprop().gradient(model.network(), model.batch(), model.objective());
    }
}
