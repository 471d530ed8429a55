package org.qenex.ai.internal.spec;

import java.util.List;
import java.util.Objects;

/** What is trained for one task: filters applied in order, then an allow-listed learner with its options. */
public record PipelineSpec(String learner, List<String> options, List<FilterSpec> filters) {

    /** The pipeline of a task no version has improved yet: the majority class. */
    public static final PipelineSpec BASELINE = new PipelineSpec("ZeroR", List.of(), List.of());

    public PipelineSpec {
        Objects.requireNonNull(learner, "learner");
        options = List.copyOf(options);
        filters = List.copyOf(filters);
    }
}
