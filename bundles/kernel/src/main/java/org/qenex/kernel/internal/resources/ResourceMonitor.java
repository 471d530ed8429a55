package org.qenex.kernel.internal.resources;

import java.util.List;
import java.util.Optional;

/** The node's resource use over time, as the shell and the REST API see it. */
public interface ResourceMonitor {

    /** The newest sample; empty before the first one. */
    Optional<ResourceSample> latest();

    /** The retained samples, oldest first. */
    List<ResourceSample> history();

    /** The predictions made from the history. */
    ResourceOutlook outlook();
}
