package dev.backprop.verification.formula;

import java.util.List;

/**
 * A node of a parsed {@link Formula}, with the span [start, end) of its source text. Nodes are immutable and
 * compared by identity (a formula may contain the same sub-expression twice, each with its own shape report).
 */
sealed interface Node {
    int start();

    int end();

    /** The binary operators other than the matrix product. */
    enum Op {
        PLUS("+"), MINUS("-"), ELEMENTWISE(".*"), DIVIDE("/");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /** A number as written. */
    record Literal(double value, int start, int end) implements Node {
    }

    /** A named quantity (x, W2, sp1, R, …). */
    record Name(String name, int start, int end) implements Node {
    }

    /** A size name (d, h1, n, B): a scalar. */
    record Size(String name, int start, int end) implements Node {
    }

    /** ( inner ): kept so that a parenthesised factor is reported as written. */
    record Group(Node inner, int start, int end) implements Node {
    }

    /** operand'. */
    record Transpose(Node operand, int start, int end) implements Node {
    }

    /** −operand. */
    record Negate(Node operand, int start, int end) implements Node {
    }

    /** left op right for + − .* /. */
    record Binary(Op op, Node left, Node right, int start, int end) implements Node {
    }

    /** factor₁ * factor₂ * …: matrix products (or scalings by a scalar factor), left to right. */
    record Product(List<Node> factors, int start, int end) implements Node {
    }

    /** diag, ones, zeros or eye with its arguments. */
    record Call(String function, List<Node> args, int start, int end) implements Node {
    }
}
