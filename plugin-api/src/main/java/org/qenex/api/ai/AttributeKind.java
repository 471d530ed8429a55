package org.qenex.api.ai;

/**
 * What kind of values an {@link Attribute} holds.
 *
 * @since 1.0.0
 */
public enum AttributeKind {
    /** A finite decimal number, written as Java's {@code Double.parseDouble} reads it. */
    NUMERIC,
    /** One of the attribute's labels. */
    NOMINAL,
    /** Free text; a learner sees it only through a filter such as a word or n-gram vector. */
    TEXT
}
