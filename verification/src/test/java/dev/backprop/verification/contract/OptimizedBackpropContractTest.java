package dev.backprop.verification.contract;

import dev.backprop.optimized.OptimizedBackprop;
import dev.backprop.spec.ShallowBackprop;

/** The built-in optimized Proposition 2, checked through the shallow contract. */
class OptimizedBackpropContractTest implements ShallowBackpropContract {
    @Override
    public ShallowBackprop subject() {
        return new OptimizedBackprop();
    }
}
