package org.qenex.api.ai;

import java.util.List;
import java.util.Objects;

/**
 * One column of a {@link Dataset}.
 *
 * @param name the column's name, unique within its dataset
 * @param kind what values it holds
 * @param labels the allowed values of a {@link AttributeKind#NOMINAL} column, in order; empty otherwise
 * @since 1.0.0
 */
public record Attribute(String name, AttributeKind kind, List<String> labels) {

    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
        if (name.isBlank()) {
            throw new IllegalArgumentException("an attribute needs a name");
        }
        if (kind == AttributeKind.NOMINAL ? labels.isEmpty() : !labels.isEmpty()) {
            throw new IllegalArgumentException(name + ": a nominal attribute has labels, other kinds have none");
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException(name + ": labels must be distinct");
        }
    }

    public static Attribute numeric(String name) {
        return new Attribute(name, AttributeKind.NUMERIC, List.of());
    }

    public static Attribute nominal(String name, List<String> labels) {
        return new Attribute(name, AttributeKind.NOMINAL, labels);
    }

    public static Attribute text(String name) {
        return new Attribute(name, AttributeKind.TEXT, List.of());
    }
}
