package dev.backprop.verification.contract;

import dev.backprop.reference.ReferenceDeepBackprop;
import dev.backprop.spec.DeepBackprop;

/** The built-in reference, checked through the contract a third-party implementation uses. */
class ReferenceDeepBackpropContractTest implements DeepBackpropContract {
    @Override
    public DeepBackprop subject() {
        return new ReferenceDeepBackprop();
    }
}
