package dev.backprop.verification.gate;

import dev.backprop.optimized.OptimizedAlgebra;
import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.reference.ReferenceJacobians;
import dev.backprop.verification.claims.ClaimCatalogue;
import dev.backprop.verification.claims.ClaimResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The main job: every claim of the seed, then every implementation, each checked independently. */
public final class Gate {
    /** Cases per claim by default. */
    public static final int DEFAULT_CLAIM_CASES = 40;
    /** Random networks per implementation check by default. */
    public static final int DEFAULT_IMPLEMENTATION_CASES = 200;

    private Gate() {
    }

    /**
     * The built-in implementations, by the name the report gives them; the optimized one described by the backend
     * of its matrix products (which loads OpenBLAS under the default {@code auto}, to say whether it could).
     *
     * @throws IllegalArgumentException (one line naming the property) if a system property the optimized
     *         implementation reads has a value it refuses
     */
    public static Map<String, Subject> builtIns() {
        Map<String, Subject> m = new LinkedHashMap<>();
        m.put("reference", new Subject(new ReferenceBackprop(), new ReferenceAlgebra(), new ReferenceJacobians(),
                new ReferenceDeepBackprop()));
        OptimizedAlgebra optimized = new OptimizedAlgebra();
        OptimizedDeepBackprop deep = new OptimizedDeepBackprop();
        m.put("optimized", new Subject(new OptimizedBackprop(), optimized, optimized, deep, deep.backendDescription()));
        return m;
    }

    /** Checks the seed's claims and the given implementations, and every implementation against the first. */
    public static GateResult run(long seed, int claimCases, int implementationCases,
            Map<String, Subject> subjects) {
        return run(seed, claimCases, implementationCases, subjects, Progress.SILENT);
    }

    /** As {@link #run(long, int, int, Map)}, telling {@code progress} what it is checking. */
    public static GateResult run(long seed, int claimCases, int implementationCases,
            Map<String, Subject> subjects, Progress progress) {
        return run(seed, claimCases, implementationCases, subjects, progress, ReplaySink.NONE);
    }

    static GateResult run(long seed, int claimCases, int implementationCases, Map<String, Subject> subjects,
            Progress progress, ReplaySink replays) {
        List<ImplementationResult> implementations = new ArrayList<>();
        subjects.forEach((name, subject) -> {
            progress.step("checking " + name);
            implementations.add(ImplementationCheck.check(name, subject, seed, implementationCases, replays));
        });
        // every other subject against the first (the reference): DESIGN.md §3's triage needs the pair
        List<ImplementationResult> agreements = new ArrayList<>();
        List<String> names = new ArrayList<>(subjects.keySet());
        for (int k = 1; k < names.size(); k++) {
            progress.step("checking " + names.get(0) + " against " + names.get(k));
            agreements.add(ImplementationCheck.agreement(names.get(0) + " = " + names.get(k),
                    subjects.get(names.get(0)), subjects.get(names.get(k)), seed, implementationCases));
        }
        progress.step("checking the claims of the seed");
        List<ClaimResult> claims = ClaimCatalogue.check(seed, claimCases);
        progress.done();
        return new GateResult(seed, claims, implementations, agreements);
    }
}
