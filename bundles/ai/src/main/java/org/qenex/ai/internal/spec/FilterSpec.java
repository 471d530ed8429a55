package org.qenex.ai.internal.spec;

import java.util.List;
import java.util.Objects;

/** One filter of a pipeline, by allow-listed name, with its options and, for text, its tokenizer (or null). */
public record FilterSpec(String name, List<String> options, TokenizerSpec tokenizer) {

    public FilterSpec {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
    }
}
