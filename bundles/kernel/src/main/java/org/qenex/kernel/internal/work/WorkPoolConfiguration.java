package org.qenex.kernel.internal.work;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "QENEX work pool",
        description = "The shared pool that runs every bundle's background jobs; how many run at once adapts to the "
                + "node's CPU and heap.")
public @interface WorkPoolConfiguration {

    @AttributeDefinition(name = "Maximum concurrency",
            description = "The most jobs that may ever run at once; 0 means one per available processor.", min = "0")
    int maxConcurrency() default 0;

    @AttributeDefinition(name = "CPU high watermark",
            description = "System CPU load (0..1) above which the concurrency limit is halved.")
    double cpuHigh() default 0.85;

    @AttributeDefinition(name = "CPU low watermark",
            description = "System CPU load (0..1) below which the limit grows by one per sample.")
    double cpuLow() default 0.60;

    @AttributeDefinition(name = "Heap high watermark",
            description = "Heap after GC as a share of its maximum (0..1) above which the limit is halved.")
    double heapHigh() default 0.85;

    @AttributeDefinition(name = "Heap low watermark",
            description = "Heap after GC share (0..1) below which the limit may grow.")
    double heapLow() default 0.70;

    @AttributeDefinition(name = "Stop timeout (ms)",
            description = "How long stopping the pool waits for running jobs to react to their interruption.",
            min = "0")
    long stopTimeout() default 5_000;

    @AttributeDefinition(name = "Service load: requests per second",
            description = "REST requests per second from which background work (the AI improver, candidate judging, "
                    + "proof verification) holds back.", min = "1")
    double serviceRequestsPerSecondHigh() default 100;

    @AttributeDefinition(name = "Service load: requests in flight",
            description = "REST requests in flight from which background work holds back.", min = "1")
    int serviceInFlightHigh() default 16;

    @AttributeDefinition(name = "Service load: node CPU",
            description = "The node JVM's CPU use as a share of all processors (0..1) from which background work holds "
                    + "back; training workers are processes of their own and do not count.")
    double serviceCpuHigh() default 0.5;

    @AttributeDefinition(name = "Service load: quiet time (ms)",
            description = "How long the service must not be loaded before background work resumes.", min = "0")
    long serviceQuietMillis() default 2_000;

    @AttributeDefinition(name = "Background: longest hold (ms)",
            description = "The longest background work is held back in a row under sustained load ...", min = "1")
    long backgroundMaxHoldMillis() default 20_000;

    @AttributeDefinition(name = "Background: run window (ms)",
            description = "... after which it runs this long (at its low OS priority) before it may be held again: "
                    + "slowed, never starved.", min = "0")
    long backgroundMinRunMillis() default 5_000;
}
