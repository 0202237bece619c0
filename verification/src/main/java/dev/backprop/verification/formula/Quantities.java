package dev.backprop.verification.formula;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Loss;
import dev.backprop.spec.Matrix;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every named quantity of {@link Vocabulary} on one case, computed in plain loops from the network's definition,
 * each with a gauge that bounds its rounding: |computed − exact| ≤ ε·{@link #kIn()}·gauge entry by entry, to
 * first order. Per sample, with |·| entry by entry and η/ε = {@link Tolerances#UNDERFLOW_GAUGE}:
 * <pre>
 *   sG_0 = |x|
 *   zG_k = |W_k| sG_{k−1} + |b_k|                      the sum behind z_k, earlier layers' rounding carried
 *   sG_k = |σ(z_k)| + S_σ · zG_k + η/ε                  s_k, with z_k's rounding through σ (S_σ = sup|σ'|)
 *   spG_k = |σ'(z_k)| + C_σ · zG_k + η/ε                σ'(z_k), with z_k's rounding through σ' (C_σ = sup|σ''|)
 *   yG = zG_L,  rG = yG + |y|
 *   dlG = rG (½‖r‖²),  (2/n)·rG (mean squared error),  pG + |y| (cross-entropy), where
 *   pG_i = p_i + 2 p_i (1 − p_i) · max_j yG_j + η/ε    softmax moves p_i by at most 2p_i(1 − p_i)·max_j|δŷ_j|
 * </pre>
 * These are the forward half of {@link dev.backprop.verification.numeric.DeepGauges}, with sup|σ'| and sup|σ''|
 * over the real line in place of the bounds over z's rounding interval: looser, and a bound still.
 *
 * <p>K_in = Σ_k (n_{k−1} + 1 + {@link Tolerances#ELEMENTARY_OPERATIONS}) + n_L + {@link Tolerances#ELEMENTARY_OPERATIONS}:
 * z_k sums n_{k−1} + 1 terms on top of the previous layers' rounding, σ, σ' and the loss's derivative add a few
 * elementary operations, and softmax sums n_L exponentials.
 *
 * <p>ReLU and leaky ReLU: where z_k is 0 within rounding the computed σ'(z_k) may take either one-sided slope;
 * that is not a rounding error the gauge covers, and the check compares with the exact gradient of every choice
 * of sides instead (see {@link FormulaCheck}).
 */
final class Quantities {
    private final FormulaCase c;
    private final int kIn;
    private final List<Map<String, Matrix>> sampleValues = new ArrayList<>();
    private final List<Map<String, Matrix>> sampleGauges = new ArrayList<>();
    private final Map<String, Matrix> batchValues = new HashMap<>();
    private final Map<String, Matrix> batchGauges = new HashMap<>();
    // per sample b and layer j: s_j (s_0 = x), σ'(z_j), ∂ℓ_b/∂ŷ, with their gauges, for the canonical chains
    private final double[][][] s;
    private final double[][][] sG;
    private final double[][][] sp;
    private final double[][][] spG;
    private final double[][] dl;
    private final double[][] dlG;

    /** sup over z of |σ'(z)|: 1 for every activation but the logistic, whose σ' = σ(1 − σ) ≤ ¼. */
    static double slopeBound(Activation a) {
        return switch (a) {
            case IDENTITY, TANH, SOFTPLUS, RELU, LEAKY_RELU -> 1.0;
            case SIGMOID -> 0.25;
        };
    }

    /**
     * sup over z of |σ''(z)|: tanh'' = −2 tanh (1 − tanh²) peaks at 4/(3√3) ≈ 0.770; the logistic's
     * σ(1 − σ)(1 − 2σ) at √3/18 ≈ 0.0962; softplus'' is the logistic's σ' ≤ ¼; identity, ReLU and leaky ReLU
     * are linear on each side of 0 (their jump at 0 is handled by enumerating sides, not by a gauge).
     */
    static double curvatureBound(Activation a) {
        return switch (a) {
            case IDENTITY, RELU, LEAKY_RELU -> 0.0;
            case TANH -> 4.0 / (3.0 * Math.sqrt(3.0));
            case SIGMOID -> Math.sqrt(3.0) / 18.0;
            case SOFTPLUS -> 0.25;
        };
    }

    Quantities(FormulaCase c, Vocabulary vocabulary) {
        this.c = c;
        DeepNetwork net = c.network();
        int depth = net.depth();
        int n = net.outputSize();
        int samples = c.batchSize();
        int k = Tolerances.accumulation(n);
        for (int layer = 1; layer <= depth; layer++) {
            k += Tolerances.accumulation(net.width(layer - 1) + 1);
        }
        kIn = k;
        s = new double[samples][depth][];
        sG = new double[samples][depth][];
        sp = new double[samples][depth][];
        spG = new double[samples][depth][];
        dl = new double[samples][];
        dlG = new double[samples][];
        Map<String, double[][]> columns = new HashMap<>();
        Map<String, double[][]> gaugeColumns = new HashMap<>();
        Loss loss = c.objective().loss();
        for (int b = 0; b < samples; b++) {
            Map<String, double[]> v = new HashMap<>();
            Map<String, double[]> g = new HashMap<>();
            double[] x = c.batch().input(b).toArray();
            double[] y = c.batch().target(b).toArray();
            s[b][0] = x;
            sG[b][0] = abs(x);
            v.put("x", x);
            g.put("x", abs(x));
            v.put("y", y);
            g.put("y", abs(y));
            double[] yHat = null;
            double[] yG = null;
            for (int layer = 1; layer <= depth; layer++) {
                int width = net.width(layer);
                double[] z = new double[width];
                double[] zG = new double[width];
                double[] previous = s[b][layer - 1];
                double[] previousG = sG[b][layer - 1];
                for (int i = 0; i < width; i++) {
                    z[i] = net.bias(layer).get(i);
                    zG[i] = Math.abs(z[i]);
                    for (int j = 0; j < previous.length; j++) {
                        double w = net.weight(layer).get(i, j);
                        z[i] += w * previous[j];
                        zG[i] += Math.abs(w) * previousG[j];
                    }
                }
                if (layer == depth) {
                    yHat = z;
                    yG = zG;
                    break;
                }
                Activation act = net.activation(layer);
                double slope = slopeBound(act);
                double curvature = curvatureBound(act);
                double[] a = new double[width];
                double[] aG = new double[width];
                double[] d = new double[width];
                double[] dG = new double[width];
                for (int i = 0; i < width; i++) {
                    a[i] = act.value(z[i]);
                    d[i] = act.derivative(z[i]);
                    aG[i] = Math.abs(a[i]) + slope * zG[i] + Tolerances.UNDERFLOW_GAUGE;
                    dG[i] = Math.abs(d[i]) + curvature * zG[i] + Tolerances.UNDERFLOW_GAUGE;
                }
                s[b][layer] = a;
                sG[b][layer] = aG;
                sp[b][layer] = d;
                spG[b][layer] = dG;
                v.put("z" + layer, z);
                g.put("z" + layer, zG);
                v.put("s" + layer, a);
                g.put("s" + layer, aG);
                v.put("sp" + layer, d);
                g.put("sp" + layer, dG);
            }
            double[] r = new double[n];
            double[] rG = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = yHat[i] - y[i];
                rG[i] = yG[i] + Math.abs(y[i]);
            }
            v.put("yhat", yHat);
            g.put("yhat", yG);
            switch (loss) {
                case HALF_SQUARED_ERROR -> {
                    dl[b] = r;
                    dlG[b] = rG;
                }
                case MEAN_SQUARED_ERROR -> {
                    dl[b] = new double[n];
                    dlG[b] = new double[n];
                    for (int i = 0; i < n; i++) {
                        dl[b][i] = 2.0 / n * r[i];
                        dlG[b][i] = 2.0 / n * rG[i];
                    }
                }
                case SOFTMAX_CROSS_ENTROPY -> softmax(yHat, yG, y, v, g, b);
                default -> throw new IllegalArgumentException("no formula quantities for the loss " + loss);
            }
            if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
                v.put("r", r);
                g.put("r", rG);
            }
            v.put("dl", dl[b]);
            g.put("dl", dlG[b]);
            Map<String, Matrix> values = new HashMap<>();
            Map<String, Matrix> gauges = new HashMap<>();
            for (Map.Entry<String, double[]> e : v.entrySet()) {
                values.put(e.getKey(), column(e.getValue()));
                gauges.put(e.getKey(), column(g.get(e.getKey())));
                String batchName = e.getKey().toUpperCase(java.util.Locale.ROOT);
                columns.computeIfAbsent(batchName, key -> new double[samples][])[b] = e.getValue();
                gaugeColumns.computeIfAbsent(batchName, key -> new double[samples][])[b] = g.get(e.getKey());
            }
            sampleValues.add(values);
            sampleGauges.add(gauges);
        }
        for (Vocabulary.Entry e : vocabulary.entries()) {
            if (e.scope() == Vocabulary.Scope.BATCH) {
                batchValues.put(e.name(), matrix(columns.get(e.name())));
                batchGauges.put(e.name(), matrix(gaugeColumns.get(e.name())));
            }
        }
        for (int layer = 1; layer <= depth; layer++) {
            Matrix w = net.weight(layer);
            Matrix bias = net.bias(layer).asColumn();
            batchValues.put("W" + layer, w);
            batchValues.put("b" + layer, bias);
            batchGauges.put("W" + layer, abs(w));
            batchGauges.put("b" + layer, abs(bias));
        }
    }

    /** p = softmax(ŷ), dl = p − y, with the gauges of the class comment. */
    private void softmax(double[] yHat, double[] yG, double[] y, Map<String, double[]> v, Map<String, double[]> g,
            int b) {
        int n = yHat.length;
        double max = Double.NEGATIVE_INFINITY;
        double maxGauge = 0.0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, yHat[i]);
            maxGauge = Math.max(maxGauge, yG[i]);
        }
        double[] e = new double[n];
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(yHat[i] - max);
            sum += e[i];
        }
        double[] p = new double[n];
        double[] pG = new double[n];
        dl[b] = new double[n];
        dlG[b] = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = e[i] / sum;
            // 1 − p_i as the other probabilities' sum: exact where p_i rounds to 1
            double others = (sum - e[i]) / sum;
            pG[i] = p[i] + 2.0 * p[i] * others * maxGauge + Tolerances.UNDERFLOW_GAUGE;
            dl[b][i] = p[i] - y[i];
            dlG[b][i] = pG[i] + Math.abs(y[i]);
        }
        v.put("p", p);
        g.put("p", pG);
    }

    /** K_in of the class comment: the rounding of every quantity is at most ε·K_in·its gauge. */
    int kIn() {
        return kIn;
    }

    FormulaCase formulaCase() {
        return c;
    }

    /** The names of one sample (with the parameters) bound to their values, or to their gauges. */
    Map<String, Matrix> sample(int b, boolean gauge) {
        Map<String, Matrix> out = new HashMap<>(gauge ? sampleGauges.get(b) : sampleValues.get(b));
        for (int layer = 1; layer <= c.depth(); layer++) {
            Map<String, Matrix> from = gauge ? batchGauges : batchValues;
            out.put("W" + layer, from.get("W" + layer));
            out.put("b" + layer, from.get("b" + layer));
        }
        return out;
    }

    /** The batch names (with the parameters) bound to their values, or to their gauges. */
    Map<String, Matrix> batch(boolean gauge) {
        return gauge ? batchGauges : batchValues;
    }

    /** s_j of sample b as a column (s_0 = x), or its gauge. */
    Matrix s(int j, int b, boolean gauge) {
        return column(gauge ? sG[b][j] : s[b][j]);
    }

    /** σ'(z_j) of sample b as a column, or its gauge. */
    double[] sp(int j, int b, boolean gauge) {
        return gauge ? spG[b][j] : sp[b][j];
    }

    /** ∂ℓ_b/∂ŷ as a column, or its gauge. */
    Matrix dl(int b, boolean gauge) {
        return column(gauge ? dlG[b] : dl[b]);
    }

    /** W_k, or |W_k|. */
    Matrix weight(int k, boolean gauge) {
        return (gauge ? batchGauges : batchValues).get("W" + k);
    }

    static Matrix column(double[] v) {
        return Matrix.fromFunction(v.length, 1, (i, j) -> v[i]);
    }

    private static Matrix matrix(double[][] columns) {
        return Matrix.fromFunction(columns[0].length, columns.length, (i, j) -> columns[j][i]);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    static Matrix abs(Matrix m) {
        return Matrix.fromFunction(m.rows(), m.cols(), (i, j) -> Math.abs(m.get(i, j)));
    }
}
