package org.qenex.kernel.internal.resources;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX resource monitor",
        description = "Samples CPU, heap, GC, threads, file descriptors and disk, and warns before heap or disk run out. "
                + "Durations are in milliseconds.")
public @interface ResourceMonitorConfiguration {

    @AttributeDefinition(name = "Sample interval (ms)", description = "How often resources are sampled. Each sample costs a few milliseconds of CPU.", min = "100")
    long sampleInterval() default 10_000;

    @AttributeDefinition(name = "History size", description = "How many samples are kept (720 at 10 s = two hours).",
            min = "10")
    int historySize() default 720;

    @AttributeDefinition(name = "Trend window", description = "How many of the newest samples the trends are fitted to.",
            min = "5")
    int trendWindow() default 60;

    @AttributeDefinition(name = "Heap horizon (ms)",
            description = "Warn when the heap after GC is predicted to be full sooner than this.", min = "0")
    long heapHorizon() default 600_000;

    @AttributeDefinition(name = "Disk horizon (ms)",
            description = "Warn when the data volume is predicted to be full sooner than this.", min = "0")
    long diskHorizon() default 3_600_000;

    @AttributeDefinition(name = "Heap threshold",
            description = "Warn when the heap after GC exceeds this share of its maximum (0..1).")
    double heapThreshold() default 0.90;

    @AttributeDefinition(name = "Minimum free disk",
            description = "Warn when the free share of the data volume falls below this (0..1).")
    double diskFreeMinimum() default 0.05;

    @AttributeDefinition(name = "Samples to clear a warning",
            description = "A raised warning is cleared after this many samples in a row without pressure.", min = "1")
    int clearAfter() default 3;
}
