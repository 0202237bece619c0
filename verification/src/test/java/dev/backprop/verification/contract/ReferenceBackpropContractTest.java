package dev.backprop.verification.contract;

import dev.backprop.reference.ReferenceBackprop;
import dev.backprop.spec.ShallowBackprop;

/** The built-in reference of Proposition 2, checked through the shallow contract. */
class ReferenceBackpropContractTest implements ShallowBackpropContract {
    @Override
    public ShallowBackprop subject() {
        return new ReferenceBackprop();
    }
}
