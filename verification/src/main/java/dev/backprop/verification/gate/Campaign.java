package dev.backprop.verification.gate;

import dev.backprop.spec.DeepBackprop;
import dev.backprop.spec.ShallowBackprop;
import dev.backprop.verification.check.DeepGradientChecks;
import dev.backprop.verification.check.GradientChecks;
import dev.backprop.verification.check.LargeModelChecks;
import dev.backprop.verification.check.Observation;
import dev.backprop.verification.generate.CampaignGenerators;
import dev.backprop.verification.generate.DeepCase;
import dev.backprop.verification.generate.ShallowCase;
import dev.backprop.verification.numeric.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * The false-alarm campaign's properties: every {@link ShallowCheck} and {@link DeepCheck} of every built-in
 * implementation, the Taylor test, and the agreement of the first implementation with each other one, each over the
 * campaign's cases ({@link CampaignGenerators}) instead of the gate's. Each property names the comparison it makes
 * and that comparison's threshold in {@link Tolerances}, so the campaign can print, per comparison kind, the worst
 * scaled error observed beside the threshold: the margin the tolerances have.
 */
final class Campaign {
    private Campaign() {
    }

    /** The kinds of comparison, each with its threshold from {@link Tolerances}. */
    enum Comparison {
        ROUNDING_AD("rounding vs AD", Tolerances.ROUNDING_THRESHOLD),
        FINITE_DIFFERENCES("finite differences", Tolerances.FINITE_DIFFERENCE_THRESHOLD),
        AUGMENTED_SPLIT("augmented vs split (rounding)", Tolerances.ROUNDING_THRESHOLD),
        KINK_AD("kink: rounding vs AD", Tolerances.ROUNDING_THRESHOLD),
        KINK_FINITE_DIFFERENCES("kink: finite differences", Tolerances.FINITE_DIFFERENCE_THRESHOLD),
        AGREEMENT("implementation agreement (rounding)", Tolerances.ROUNDING_THRESHOLD),
        PROJECTIONS("random projections", Tolerances.ROUNDING_THRESHOLD),
        /** (2 − order)/(2 − boundary) is 1 at the boundary: the threshold is the order boundary itself. */
        TAYLOR_ORDER("Taylor order", LargeModelChecks.taylorScaledError(Tolerances.TAYLOR_ORDER_BOUNDARY));

        final String label;
        final double threshold;

        Comparison(String label, double threshold) {
            this.label = label;
            this.threshold = threshold;
        }
    }

    /** One property of the campaign: its name for {@code --check}, the row it prints, and how it runs. */
    record Property(String name, String label, Comparison comparison, Runner runner) {
    }

    /** Runs a property's cases. */
    interface Runner {
        CampaignTally run(long seed, int cases);
    }

    static <T> Runner runner(Gen<T> gen, Function<T, Observation> check) {
        return (seed, cases) -> CampaignTally.run(gen, cases, seed, check);
    }

    /** Names accepted by {@code --check}: one per kind of property, for every implementation at once. */
    static List<String> names(Map<String, Subject> subjects) {
        List<String> out = new ArrayList<>();
        for (Property p : properties(subjects)) {
            if (!out.contains(p.name())) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** Every property, implementation by implementation, then the agreements. */
    static List<Property> properties(Map<String, Subject> subjects) {
        List<Property> out = new ArrayList<>();
        subjects.forEach((who, subject) -> {
            ShallowBackprop shallow = subject.backprop();
            if (shallow != null) {
                for (ShallowCheck check : ShallowCheck.values()) {
                    out.add(new Property("shallow-" + name(check), who + ": " + check.label(), comparison(check),
                            runner(shallowCases(check), c -> check.observe(shallow, c))));
                }
            }
            DeepBackprop deep = subject.deep();
            if (deep != null) {
                for (DeepCheck check : DeepCheck.values()) {
                    out.add(new Property("deep-" + name(check), who + ": " + check.label(), comparison(check),
                            runner(deepCases(check), c -> check.observe(deep, c))));
                }
            }
        });
        List<String> names = new ArrayList<>(subjects.keySet());
        Subject first = subjects.get(names.get(0));
        for (int k = 1; k < names.size(); k++) {
            Subject other = subjects.get(names.get(k));
            String pair = names.get(0) + " = " + names.get(k);
            if (first.backprop() != null && other.backprop() != null) {
                out.add(new Property("agree-shallow", pair + ": gradients agree", Comparison.AGREEMENT,
                        runner(CampaignGenerators.shallowCases(),
                                c -> GradientChecks.agreement(first.backprop(), other.backprop(), c))));
            }
            if (first.deep() != null && other.deep() != null) {
                out.add(new Property("agree-deep", pair + ": deep gradients agree", Comparison.AGREEMENT,
                        runner(CampaignGenerators.deepCases(),
                                c -> DeepGradientChecks.agreement(first.deep(), other.deep(), c))));
                out.add(new Property("agree-deep-kinks", pair + ": deep, at kinks: gradients agree",
                        Comparison.AGREEMENT, runner(CampaignGenerators.deepKinkCases(),
                                c -> DeepGradientChecks.agreement(first.deep(), other.deep(), c))));
            }
        }
        return out;
    }

    private static String name(Enum<?> check) {
        return check.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Gen<ShallowCase> shallowCases(ShallowCheck check) {
        switch (check) {
            case KINKS_FORWARD_MODE_AD:
            case KINKS_FINITE_DIFFERENCES:
                return CampaignGenerators.reluKinkCases();
            default:
                return CampaignGenerators.shallowCases();
        }
    }

    private static Comparison comparison(ShallowCheck check) {
        switch (check) {
            case FORWARD_MODE_AD:
            case AUGMENTED_FORWARD_MODE_AD:
                return Comparison.ROUNDING_AD;
            case FINITE_DIFFERENCES:
                return Comparison.FINITE_DIFFERENCES;
            case AUGMENTED_SPLIT:
                return Comparison.AUGMENTED_SPLIT;
            case KINKS_FORWARD_MODE_AD:
                return Comparison.KINK_AD;
            case KINKS_FINITE_DIFFERENCES:
                return Comparison.KINK_FINITE_DIFFERENCES;
            default:
                throw new IllegalStateException("no comparison kind for " + check);
        }
    }

    private static Gen<DeepCase> deepCases(DeepCheck check) {
        switch (check) {
            case KINKS_FORWARD_MODE_AD:
            case KINKS_FINITE_DIFFERENCES:
                return CampaignGenerators.deepKinkCases();
            case LARGE_PROJECTIONS:
            case LARGE_TAYLOR:
                return CampaignGenerators.largeCases();
            default:
                return CampaignGenerators.deepCases();
        }
    }

    private static Comparison comparison(DeepCheck check) {
        switch (check) {
            case FORWARD_MODE_AD:
                return Comparison.ROUNDING_AD;
            case FINITE_DIFFERENCES:
                return Comparison.FINITE_DIFFERENCES;
            case KINKS_FORWARD_MODE_AD:
                return Comparison.KINK_AD;
            case KINKS_FINITE_DIFFERENCES:
                return Comparison.KINK_FINITE_DIFFERENCES;
            case LARGE_PROJECTIONS:
                return Comparison.PROJECTIONS;
            case LARGE_TAYLOR:
                return Comparison.TAYLOR_ORDER;
            default:
                throw new IllegalStateException("no comparison kind for " + check);
        }
    }
}
