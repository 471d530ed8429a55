package org.qenex.ai.internal.spec;

import java.util.List;
import java.util.Objects;

/** The tokenizer of a text filter, by allow-listed name, with its options. */
public record TokenizerSpec(String name, List<String> options) {

    public TokenizerSpec {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
    }
}
