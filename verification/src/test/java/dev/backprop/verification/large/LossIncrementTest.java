package dev.backprop.verification.large;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Objective;
import dev.backprop.spec.Reduction;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.Generators;
import dev.backprop.verification.generate.Generators.Targets;
import dev.backprop.verification.numeric.DeepParameters;
import dev.backprop.verification.numeric.Tolerances;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link LossIncrement} against the held loss's increment in 50-digit decimal arithmetic: the computed increment is
 * within its bound at every step from h₀ to 2⁻⁴⁰, on every activation and loss, at entry scales 1 and 10 (saturated
 * units, logits of hundreds), and the bound is O(h) — what lets the Taylor test reach the asymptotic steps.
 */
class LossIncrementTest {
    private static final MathContext MC = new MathContext(50);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal SMALL = new BigDecimal("0.001");

    /** Every activation and loss, each reduction, each target kind, at scales 1 and 10. */
    static List<DeepCase> cases() {
        List<DeepCase> cases = new ArrayList<>();
        Activation[][] stacks = {{Activation.TANH, Activation.LEAKY_RELU}, {Activation.SIGMOID, Activation.SOFTPLUS},
            {Activation.RELU, Activation.IDENTITY}, {Activation.SOFTPLUS, Activation.TANH}};
        Objective[] objectives = {new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.MEAN),
            new Objective(Loss.HALF_SQUARED_ERROR, Reduction.SUM), new Objective(Loss.MEAN_SQUARED_ERROR,
                Reduction.MEAN), new Objective(Loss.SOFTMAX_CROSS_ENTROPY, Reduction.SUM)};
        Targets[] targets = {Targets.SOFT, Targets.RANDOM, Targets.ZERO, Targets.ONE_HOT};
        long seed = 11;
        for (double scale : new double[] {1.0, 10.0}) {
            for (int i = 0; i < stacks.length; i++) {
                cases.add(Generators.deepCase(new int[] {9, 8, 7, 4}, List.of(stacks[i]), objectives[i], 5, scale,
                        targets[i], seed++));
            }
        }
        return cases;
    }

    @Test
    void theHeldIncrementIsWithinItsBoundAndTheBoundIsOrderH() {
        for (DeepCase c : cases()) {
            double[] theta = DeepParameters.of(c.network()).flatten(c.network());
            double[] v = TaylorRemainder.direction(c.network(), 3L);
            boolean[][][] above = sides(c);
            BigDecimal[] at0 = new BigDecimal[theta.length];
            for (int i = 0; i < theta.length; i++) {
                at0[i] = new BigDecimal(theta[i]);
            }
            BigDecimal base = heldLoss(c, at0, above);
            LossIncrement increments = LossIncrement.of(c.network(), c.batch(), c.objective());
            assertEquals(base.doubleValue(), increments.loss(), 1e-12 * Math.abs(base.doubleValue()) + 1e-300,
                    c::recipe);
            LossIncrement.Along along = increments.along(v);
            double worst = 0.0;
            double[] perH = new double[Tolerances.TAYLOR_HALVINGS + 1];
            for (int k = 0; k <= Tolerances.TAYLOR_HALVINGS; k += 4) {
                double h = Math.scalb(Tolerances.TAYLOR_FIRST_STEP, -k);
                BigDecimal[] at = new BigDecimal[theta.length];
                for (int i = 0; i < theta.length; i++) {
                    at[i] = at0[i].add(new BigDecimal(h).multiply(new BigDecimal(v[i])));
                }
                BigDecimal exact = heldLoss(c, at, above).subtract(base, MC);
                LossIncrement.Step step = along.at(h);
                double error = new BigDecimal(step.held()).subtract(exact, MC).abs().doubleValue();
                String where = String.format(Locale.ROOT, "%s h=%s: D=%s exact=%s error %.3e bound %.3e", c.recipe(),
                        h, step.held(), exact.doubleValue(), error, step.bound());
                assertTrue(error <= step.bound(), where);
                worst = Math.max(worst, error / step.bound());
                perH[k] = step.bound() / h;
                if (step.kinksCrossed() == 0) {
                    assertEquals(step.held(), step.unheld(), where);
                }
            }
            // O(h): the bound per unit step at 2⁻⁴⁰ is no larger than at 2⁻²⁰ (within a factor for the η terms)
            assertTrue(perH[36] <= 2 * perH[16] + 1e-300, () -> c.recipe() + ": bound/h " + perH[16] + " at 2⁻²⁰, "
                    + perH[36] + " at 2⁻⁴⁰");
            System.out.printf(Locale.ROOT, "%s: worst error/bound %.2e, bound/h %.3e%n", c.recipe(), worst, perH[36]);
        }
    }

    /** The side of 0 each kinked unit is on at θ, by the plain double forward pass (the held loss's pieces). */
    static boolean[][][] sides(DeepCase c) {
        DeepNetwork net = c.network();
        int depth = net.depth();
        Batch batch = c.batch();
        boolean[][][] above = new boolean[batch.size()][depth][];
        for (int b = 0; b < batch.size(); b++) {
            double[] a = batch.input(b).toArray();
            for (int k = 1; k < depth; k++) {
                double[] next = new double[net.width(k)];
                above[b][k] = new boolean[next.length];
                for (int i = 0; i < next.length; i++) {
                    double z = net.bias(k).get(i);
                    for (int j = 0; j < a.length; j++) {
                        z += net.weight(k).get(i, j) * a[j];
                    }
                    above[b][k][i] = z > 0;
                    next[i] = net.activation(k).value(z);
                }
                a = next;
            }
        }
        return above;
    }

    /** The held loss at θ (flat, exact decimals), every kinked unit on the side {@code above} says. */
    static BigDecimal heldLoss(DeepCase c, BigDecimal[] theta, boolean[][][] above) {
        DeepNetwork net = c.network();
        Batch batch = c.batch();
        Loss loss = c.objective().loss();
        int depth = net.depth();
        BigDecimal total = BigDecimal.ZERO;
        for (int b = 0; b < batch.size(); b++) {
            BigDecimal[] a = new BigDecimal[net.width(0)];
            for (int j = 0; j < a.length; j++) {
                a[j] = new BigDecimal(batch.input(b).get(j));
            }
            int offset = 0;
            for (int k = 1; k <= depth; k++) {
                int in = net.width(k - 1);
                int out = net.width(k);
                BigDecimal[] z = new BigDecimal[out];
                for (int i = 0; i < out; i++) {
                    BigDecimal sum = theta[offset + in * out + i];
                    for (int j = 0; j < in; j++) {
                        sum = sum.add(theta[offset + i * in + j].multiply(a[j], MC), MC);
                    }
                    z[i] = k < depth ? activation(net.activation(k), sum, above[b][k][i]) : sum;
                }
                offset += in * out + out;
                a = z;
            }
            double[] y = batch.target(b).toArray();
            BigDecimal sample = BigDecimal.ZERO;
            if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
                BigDecimal max = a[0];
                for (BigDecimal x : a) {
                    max = max.max(x);
                }
                BigDecimal sum = BigDecimal.ZERO;
                for (BigDecimal x : a) {
                    sum = sum.add(exp(x.subtract(max)), MC);
                }
                BigDecimal lse = max.add(log(sum), MC);
                for (int i = 0; i < a.length; i++) {
                    sample = sample.add(new BigDecimal(y[i]).multiply(lse.subtract(a[i]), MC), MC);
                }
            } else {
                for (int i = 0; i < a.length; i++) {
                    BigDecimal r = a[i].subtract(new BigDecimal(y[i]));
                    sample = sample.add(r.multiply(r, MC), MC);
                }
                sample = loss == Loss.HALF_SQUARED_ERROR ? sample.divide(TWO, MC)
                        : sample.divide(BigDecimal.valueOf(a.length), MC);
            }
            total = total.add(sample, MC);
        }
        return c.objective().reduction() == Reduction.MEAN ? total.divide(BigDecimal.valueOf(batch.size()), MC)
                : total;
    }

    private static BigDecimal activation(Activation sigma, BigDecimal z, boolean above) {
        switch (sigma) {
            case IDENTITY:
                return z;
            case RELU:
                return above ? z : BigDecimal.ZERO;
            case LEAKY_RELU:
                return above ? z : z.multiply(new BigDecimal(Activation.LEAKY_SLOPE), MC);
            case TANH: {
                BigDecimal e = exp(z.abs().multiply(TWO).negate());
                BigDecimal t = BigDecimal.ONE.subtract(e).divide(BigDecimal.ONE.add(e), MC);
                return z.signum() < 0 ? t.negate() : t;
            }
            case SIGMOID:
                return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(z.negate())), MC);
            case SOFTPLUS:
                return z.max(BigDecimal.ZERO).add(log(BigDecimal.ONE.add(exp(z.abs().negate()))), MC);
            default:
                throw new IllegalArgumentException(sigma.toString());
        }
    }

    /** e^x: halved below 10⁻³, 30 Taylor terms, squared back. */
    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(SMALL) > 0) {
            y = y.divide(TWO, MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 30; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** log x for x ≥ 1 by Newton's iteration on e^y = x (cubically convergent form), from the double log. */
    static BigDecimal log(BigDecimal x) {
        BigDecimal y = new BigDecimal(Math.log(x.doubleValue()));
        for (int i = 0; i < 5; i++) {
            BigDecimal e = exp(y);
            y = y.add(TWO.multiply(x.subtract(e, MC), MC).divide(x.add(e, MC), MC), MC);
        }
        return y;
    }
}
