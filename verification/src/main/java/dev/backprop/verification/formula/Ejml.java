package dev.backprop.verification.formula;

import dev.backprop.spec.Matrix;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.equation.Equation;
import org.ejml.equation.Variable;
import org.ejml.equation.VariableMatrix;

/**
 * Evaluates a formula printed by {@link Shapes} with EJML's {@link Equation}: a fresh equation per
 * evaluation (EJML keeps an assigned variable's type, so reusing one would turn a later scalar into an error),
 * every used name aliased to a copy of its value, the result read back as a {@link Matrix}.
 */
final class Ejml {
    /** The output variable: not a name of the vocabulary, so it cannot collide with one. */
    static final String OUTPUT = "formulaValue";

    private Ejml() {
    }

    /**
     * The value of {@code printed} with each name in {@code names} bound to its matrix in {@code env}.
     *
     * @throws RuntimeException with EJML's message if EJML refuses it
     */
    static Matrix evaluate(String printed, Set<String> names, Map<String, Matrix> env) {
        Equation eq = new Equation();
        for (String name : names) {
            eq.alias(toEjml(env.get(name)), name);
        }
        eq.process(OUTPUT + " = " + printed);
        Variable v = eq.lookupVariable(OUTPUT);
        if (!(v instanceof VariableMatrix)) {
            throw new IllegalStateException("EJML evaluated the formula to a scalar, " + v);
        }
        DMatrixRMaj m = eq.lookupDDRM(OUTPUT);
        return Matrix.fromFunction(m.numRows, m.numCols, m::get);
    }

    private static DMatrixRMaj toEjml(Matrix m) {
        DMatrixRMaj out = new DMatrixRMaj(m.rows(), m.cols());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                out.set(i, j, m.get(i, j));
            }
        }
        return out;
    }
}
