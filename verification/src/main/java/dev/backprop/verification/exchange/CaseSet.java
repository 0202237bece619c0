package dev.backprop.verification.exchange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cases of one case file, in file order, with the seed they were drawn with.
 *
 * @param seed  the seed the cases were drawn with (recorded so that a case set can be written again)
 * @param cases at least one; ids unique
 */
public record CaseSet(long seed, List<ExchangeCase> cases) {
    public CaseSet {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a case set needs at least one case");
        }
        Map<String, ExchangeCase> seen = new HashMap<>();
        for (ExchangeCase c : cases) {
            if (seen.put(c.id(), c) != null) {
                throw new IllegalArgumentException("case id " + c.id() + " appears twice");
            }
        }
    }

    /** The case with {@code id}, if there is one. */
    public Optional<ExchangeCase> find(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
