package dev.backprop.verification.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many inputs of each kind a fuzz run tried, printed at the end of each test class as
 * {@code fuzz: <input> / <kind>: N inputs, every one <ending>}: the README's counts come from these lines.
 */
final class FuzzCounts {
    private final String input;
    private final Map<String, AtomicInteger> counts = new TreeMap<>();
    private final Map<String, String> endings = new TreeMap<>();

    FuzzCounts(String input) {
        this.input = input;
    }

    /** Counts one input of {@code kind} that ended as {@code ending} demands. */
    synchronized void count(String kind, String ending) {
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        endings.put(kind, ending);
    }

    synchronized void print() {
        counts.forEach((kind, n) -> System.out.println("fuzz: " + input + " / " + kind + ": " + n + " inputs, every one "
                + endings.get(kind)));
    }
}
