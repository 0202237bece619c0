package dev.backprop.verification.gate;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.optimized.OptimizedAlgebra;
import dev.backprop.reference.ReferenceAlgebra;
import dev.backprop.reference.ReferenceJacobians;
import dev.backprop.verification.claims.ClaimCatalogue;
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

    /** The built-in implementations, by the name the report gives them. */
    public static Map<String, Subject> builtIns() {
        Map<String, Subject> m = new LinkedHashMap<>();
        m.put("reference", new Subject(new ReferenceBackprop(), new ReferenceAlgebra(), new ReferenceJacobians()));
        OptimizedAlgebra optimized = new OptimizedAlgebra();
        m.put("optimized", new Subject(new OptimizedBackprop(), optimized, optimized));
        return m;
    }

    /** Checks the seed's claims and the given implementations, plus the first two against each other. */
    public static GateResult run(long seed, int claimCases, int implementationCases,
            Map<String, Subject> subjects) {
        List<ImplementationResult> implementations = new ArrayList<>();
        subjects.forEach((name, subject) ->
                implementations.add(ImplementationCheck.check(name, subject, seed, implementationCases)));
        List<ImplementationResult> agreements = new ArrayList<>();
        if (subjects.size() >= 2) {
            List<String> names = new ArrayList<>(subjects.keySet());
            agreements.add(ImplementationCheck.agreement(names.get(0) + " = " + names.get(1),
                    subjects.get(names.get(0)), subjects.get(names.get(1)), seed, implementationCases));
        }
        return new GateResult(seed, ClaimCatalogue.check(seed, claimCases), implementations, agreements);
    }
}
