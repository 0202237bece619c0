package dev.backprop.verification.gate;

import dev.backprop.verification.planted.PlantableDeepBackprop;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gate's command line, run as its own process, on the built-in implementations and one planted wrong one
 * (a mean computed as a sum): what {@link GateDeterminismTest} starts in a second JVM, so that a report can be
 * compared across processes (identity hash codes, class-initialisation order and caches differ there).
 */
final class PlantedGateMain {
    /** The planted implementation's name in the report. */
    static final String PLANTED = "mean-as-sum";

    private PlantedGateMain() {
    }

    /** The subjects: the built-ins and the planted one, in this order. */
    static Map<String, Subject> subjects() {
        Map<String, Subject> subjects = new LinkedHashMap<>(Gate.builtIns());
        subjects.put(PLANTED, Subject.deepOnly(new PlantableDeepBackprop(PlantableDeepBackprop.Fault.MEAN_TAKEN_AS_SUM)));
        return subjects;
    }

    public static void main(String[] args) {
        System.exit(GateMain.runOnStandardStreams(PlantedGateMain::subjects, args));
    }
}
