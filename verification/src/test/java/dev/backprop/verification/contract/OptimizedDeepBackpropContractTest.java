package dev.backprop.verification.contract;

import dev.backprop.optimized.OptimizedDeepBackprop;
import dev.backprop.spec.DeepBackprop;

/** The built-in optimized implementation, checked through the contract a third-party implementation uses. */
class OptimizedDeepBackpropContractTest implements DeepBackpropContract {
    @Override
    public DeepBackprop subject() {
        return new OptimizedDeepBackprop();
    }
}
