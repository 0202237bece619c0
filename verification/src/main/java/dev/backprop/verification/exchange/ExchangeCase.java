package dev.backprop.verification.exchange;

import dev.backprop.spec.Batch;
import dev.backprop.spec.DeepNetwork;
import dev.backprop.spec.Objective;

/**
 * One case of a case file: a network, a batch (inputs and targets) and an objective, under an id that a
 * gradient file answers by.
 *
 * @param id     unique within its {@link CaseSet}; letters, digits, '-', '_' and '.'
 * @param recipe how the case was drawn (generator recipe), or "" when it came from a file with none
 */
public record ExchangeCase(String id, DeepNetwork network, Batch batch, Objective objective, String recipe) {
    public ExchangeCase {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("a case id is 1 to 128 letters, digits, '.', '_' or '-', got " + id);
        }
        if (network == null || batch == null || objective == null) {
            throw new IllegalArgumentException("case " + id + ": network, batch and objective are all required");
        }
        if (recipe == null) {
            recipe = "";
        }
        Objective.check(objective, network, batch);
    }
}
