package org.qenex.kernel.internal.status;

import java.util.List;

/** The lines every registered {@link org.qenex.api.plugin.StatusContributor} adds to the node's status. */
public interface StatusContributions {

    /** Asks every contributor now, within one timeout for all; sorted by bundle id, then registration. */
    List<ContributedStatus> collect();
}
