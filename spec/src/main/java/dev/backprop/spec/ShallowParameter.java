package dev.backprop.spec;

/** The four parameters of the shallow network, named as the seed names them. */
public enum ShallowParameter {
    W1("W1"), B1("b1"), W2("W2"), B2("b2");

    private final String seedName;

    ShallowParameter(String seedName) {
        this.seedName = seedName;
    }

    /** The name used in the seed and in every report, e.g. {@code "b1"}. */
    public String seedName() {
        return seedName;
    }
}
