package dev.backprop.verification.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backprop.spec.Activation;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/** The campaign's cases reach the ends of the ranges their javadoc promises, within the size budget. */
class CampaignGeneratorsTest {
    private static final Pattern SCALE = Pattern.compile(" scale=([^ ]+) ");
    private static final Pattern SATURATE = Pattern.compile(" saturate layer=(\\d+) rms=([^ ]+) ");

    static <T> List<T> draw(Gen<T> gen, int count) {
        List<T> out = new ArrayList<>();
        QuickTheory.qt().withFixedSeed(11L).withExamples(count).forAll(gen).checkAssert(out::add);
        return out;
    }

    private static double scale(String recipe) {
        Matcher m = SCALE.matcher(recipe);
        assertTrue(m.find(), recipe);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void deepCasesSpanScalesDepthsAndBatchesWithinTheBudget() {
        List<DeepCase> cases = draw(CampaignGenerators.deepCases(), 3000);
        int maxBatch = 0;
        double minScale = Double.POSITIVE_INFINITY;
        double maxScale = 0;
        boolean[] depths = new boolean[CampaignGenerators.MAX_DEPTH + 1];
        int saturated = 0;
        for (DeepCase c : cases) {
            int batch = c.batch().size();
            long p = c.network().parameterCount();
            assertTrue(batch == 1 || p * batch <= CampaignGenerators.SIZE_BUDGET, c::recipe);
            assertTrue(batch <= CampaignGenerators.MAX_BATCH, c::recipe);
            maxBatch = Math.max(maxBatch, batch);
            minScale = Math.min(minScale, scale(c.recipe()));
            maxScale = Math.max(maxScale, scale(c.recipe()));
            depths[c.network().depth()] = true;
            Matcher m = SATURATE.matcher(c.recipe());
            if (m.find()) {
                saturated++;
                int layer = Integer.parseInt(m.group(1));
                assertTrue(c.network().activation(layer) == Activation.TANH
                        || c.network().activation(layer) == Activation.SIGMOID, c::recipe);
                double rms = Double.parseDouble(m.group(2));
                assertTrue(rms >= 10 && rms <= 300, c::recipe);
                assertEquals(rms, rmsOfPreActivations(c, layer), 1e-9 * rms, c::recipe);
            }
        }
        assertTrue(maxBatch >= 256, "largest batch " + maxBatch);
        assertTrue(minScale < 2e-3 && maxScale > 500, minScale + " to " + maxScale);
        for (int depth = 1; depth <= CampaignGenerators.MAX_DEPTH; depth++) {
            assertTrue(depths[depth], "no case of depth " + depth);
        }
        // one in three of the cases deep enough to have a hidden layer
        assertTrue(saturated > 500 && saturated < 1000, saturated + " saturated");
    }

    @Test
    void kinkCasesUsePowerOfTwoScalesOverTheWholeRange() {
        List<DeepCase> cases = draw(CampaignGenerators.deepKinkCases(), 1000);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (DeepCase c : cases) {
            double s = scale(c.recipe());
            assertEquals(s, Math.scalb(1.0, Math.getExponent(s)), c::recipe);
            min = Math.min(min, s);
            max = Math.max(max, s);
            assertTrue(c.recipe().contains(" kink layer="), c::recipe);
        }
        assertEquals(0x1p-10, min);
        assertEquals(0x1p10, max);
    }

    @Test
    void aSaturatedCaseIsRebuiltByItsRecipeValues() {
        List<DeepCase> cases = draw(CampaignGenerators.deepCases(), 300);
        DeepCase c = cases.stream().filter(x -> x.recipe().contains("saturate")).findFirst().orElseThrow();
        Matcher m = SATURATE.matcher(c.recipe());
        assertTrue(m.find());
        DeepNetwork n = c.network();
        int[] widths = new int[n.depth() + 1];
        List<Activation> acts = new ArrayList<>();
        for (int k = 0; k <= n.depth(); k++) {
            widths[k] = n.width(k);
            if (k >= 1 && k < n.depth()) {
                acts.add(n.activation(k));
            }
        }
        Matcher seed = Pattern.compile("seed=(\\d+)$").matcher(c.recipe());
        assertTrue(seed.find());
        Generators.Targets targets = Generators.Targets.valueOf(
                c.recipe().replaceAll(".* target=([a-z_]+) .*", "$1").toUpperCase(java.util.Locale.ROOT));
        DeepCase again = CampaignGenerators.saturatedCase(widths, acts, c.objective(), c.batch().size(),
                scale(c.recipe()), targets, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                Long.parseLong(seed.group(1)));
        assertEquals(c.recipe(), again.recipe());
        for (int k = 1; k <= n.depth(); k++) {
            assertEquals(n.weight(k), again.network().weight(k), c::recipe);
            assertEquals(n.bias(k), again.network().bias(k), c::recipe);
        }
        assertEquals(c.batch().inputs(), again.batch().inputs(), c::recipe);
    }

    /** RMS over units and samples of z_layer, by a plain forward pass. */
    private static double rmsOfPreActivations(DeepCase c, int layer) {
        DeepNetwork n = c.network();
        Matrix s = c.batch().inputs();
        double sum = 0;
        int count = 0;
        for (int k = 1; k <= layer; k++) {
            double[][] next = new double[n.width(k)][s.cols()];
            for (int i = 0; i < n.width(k); i++) {
                for (int b = 0; b < s.cols(); b++) {
                    double z = n.bias(k).get(i);
                    for (int j = 0; j < s.rows(); j++) {
                        z += n.weight(k).get(i, j) * s.get(j, b);
                    }
                    if (k == layer) {
                        sum += z * z;
                        count++;
                    }
                    next[i][b] = n.activation(k).value(z);
                }
            }
            s = Matrix.fromRows(next);
        }
        return Math.sqrt(sum / count);
    }
}
