package org.qenex.kernel.internal.resources;

import java.time.Duration;
import java.util.Optional;

/**
 * Where heap and disk are heading.
 *
 * @param heapExhaustedIn predicted time until the heap (after GC) is full; empty if it is not rising
 * @param diskFullIn predicted time until the data volume is full; empty if it is not filling
 * @param heapWarning whether a heap warning is raised
 * @param diskWarning whether a disk warning is raised
 */
public record ResourceOutlook(Optional<Duration> heapExhaustedIn, Optional<Duration> diskFullIn, boolean heapWarning,
        boolean diskWarning) {

    public static final ResourceOutlook UNKNOWN = new ResourceOutlook(Optional.empty(), Optional.empty(), false, false);
}
