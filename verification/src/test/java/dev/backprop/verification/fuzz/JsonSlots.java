package dev.backprop.verification.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where the values of a valid exchange file are, by byte offset, so that a mutation can replace exactly one of them
 * and leave every other byte as the suite wrote it. The files are ASCII (the suite writes them so), so a token's
 * length in characters is its length in bytes.
 *
 * @param numbers every number, its JSON pointer ({@code /cases/3/layers/0/W/1/2}) and whether its field is an integer one
 * @param arrays  every array, from its '[' to its ']'
 * @param objects the offset of every '{'
 */
record JsonSlots(List<Span> numbers, List<Span> arrays, List<Integer> objects) {
    /** The integer fields of both formats; every other number is a matrix or vector entry, any finite double. */
    static final List<String> INTEGER_FIELDS = List.of("/version", "/seed");

    /** Bytes [start, end) of one value; {@code integer} for version and seed. */
    record Span(int start, int end, String pointer, boolean integer) {
    }

    static JsonSlots of(byte[] json) {
        List<Span> numbers = new ArrayList<>();
        List<Span> arrays = new ArrayList<>();
        List<Integer> objects = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int at = (int) p.currentTokenLocation().getByteOffset();
                switch (t) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String pointer = p.getParsingContext().pathAsPointer().toString();
                        // by the field, not the token: a matrix entry written "0" would still take any number
                        numbers.add(new Span(at, at + p.getText().length(), pointer, INTEGER_FIELDS.contains(pointer)));
                    }
                    case START_ARRAY -> open.push(at);
                    case END_ARRAY -> arrays.add(new Span(open.pop(), at + 1, "", false));
                    case START_OBJECT -> objects.add(at);
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the fixture is the suite's own valid output", e);
        }
        if (numbers.isEmpty() || arrays.isEmpty() || objects.isEmpty()) {
            throw new IllegalStateException("a valid exchange file has numbers, arrays and objects");
        }
        return new JsonSlots(numbers, arrays, objects);
    }
}
