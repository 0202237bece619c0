package dev.backprop.verification.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generator of command lines with an absurd size in one size field: 0, negative, 2³¹ − 1, 2³¹,
 * 10¹², or just past the field's documented limit. Invalid by construction, field by field:
 * <ul>
 * <li>{@code cases --count}: 1 to 10 000 cases; the gate's {@code --cases} and {@code --claim-cases}: 1 to
 *     100 000; {@code formula --cases}: 1 to 1 000; none of the values is inside;</li>
 * <li>{@code cases --widths}, one position set (the others 3): a width below 1 is no width, and a width w ≥ 2²⁶ + 1
 *     gives its layer's W at least w entries, more than the 2²⁶ parameters a file may have; more than 65 numbers
 *     is more than 64 layers; every width 2³¹ − 1 overflows any sum in int or long;</li>
 * <li>{@code cases --widths 3,3 --batch}: B below 1, or 6B above 2²⁶; {@code --scale}: not a positive finite number;
 *     {@code --count} 10 000 with widths 100,100: 10⁸ numbers, more than the 2²⁵ a file may hold;</li>
 * <li>{@code diagram --widths}, one position set: 1 to 10⁶ each;</li>
 * <li>any {@code --seed} beyond a long.</li>
 * </ul>
 * These are the inputs that must be refused <em>before</em> anything of their size is allocated: the test runs
 * them in a JVM whose heap is far smaller than any of them ({@link AbsurdSizesTest}).
 */
final class AbsurdSizes {
    static final List<String> ABSURD = List.of("0", "-1", "-2147483648", "2147483647", "2147483648",
            "1000000000000", "67108865", "-9223372036854775808");

    /** Scales that are not positive finite numbers (1e400 is read as infinity). */
    static final List<String> SCALES = List.of("0", "-1", "NaN", "Infinity", "-Infinity", "1e400", "-0");

    private AbsurdSizes() {
    }

    static Gen<HostileArgs.Vector> vectors(Path out) {
        return Generate.range(0, 10).zip(Generate.range(0, ABSURD.size() - 1), Generate.range(0, 64),
                (field, v, position) -> build(field, ABSURD.get(v), position, out.toString()));
    }

    private static HostileArgs.Vector build(int field, String v, int position, String out) {
        return switch (field) {
            case 0 -> new HostileArgs.Vector("cases --count", List.of("cases", "--out", out, "--count", v));
            case 1 -> {
                // 2 to 65 widths, one of them absurd
                List<String> widths = new ArrayList<>(Collections.nCopies(2 + position % 64, "3"));
                widths.set(position % widths.size(), v);
                yield new HostileArgs.Vector("cases --widths", List.of("cases", "--out", out, "--widths",
                        String.join(",", widths)));
            }
            case 2 -> new HostileArgs.Vector("cases --batch", List.of("cases", "--out", out, "--widths", "3,3",
                    "--batch", v.equals("67108865") ? "11184811" : v));
            case 3 -> new HostileArgs.Vector("gate --cases", List.of("--cases", v.equals("67108865") ? "100001" : v));
            case 4 -> new HostileArgs.Vector("gate --claim-cases", List.of("--claim-cases",
                    v.equals("67108865") ? "100001" : v));
            case 5 -> new HostileArgs.Vector("formula --cases", List.of("formula", "--param", "W1", "--cases",
                    v.equals("67108865") ? "1001" : v, "x*r'*W2*diag(sp1)"));
            case 6 -> {
                List<String> widths = new ArrayList<>(Collections.nCopies(2 + position % 64, "3"));
                widths.set(position % widths.size(), v.equals("67108865") ? "1000001" : v);
                yield new HostileArgs.Vector("diagram --widths", List.of("diagram", "--widths",
                        String.join(",", widths)));
            }
            case 7 -> new HostileArgs.Vector("cases --widths all 2^31-1", List.of("cases", "--out", out, "--widths",
                    String.join(",", Collections.nCopies(2 + position % 64, "2147483647"))));
            case 8 -> new HostileArgs.Vector("cases --widths too deep", List.of("cases", "--out", out, "--widths",
                    String.join(",", Collections.nCopies(66 + position, "1"))));
            case 9 -> new HostileArgs.Vector("cases --scale", List.of("cases", "--out", out, "--widths", "3,3",
                    "--scale", SCALES.get(position % SCALES.size())));
            default -> new HostileArgs.Vector("cases, too many numbers in all", List.of("cases", "--out", out,
                    "--count", "10000", "--widths", "100,100", "--batch", "1"));
        };
    }
}
