package org.qenex.kernel.internal.status;

import java.util.Map;

/**
 * The lines one {@link org.qenex.api.plugin.StatusContributor} gave, bounded, or why it gave none.
 *
 * @param name the plugin's name if its bundle registered a {@link org.qenex.api.plugin.QenexPlugin}, else the
 *        bundle's symbolic name: derived from the registration, never claimed by the contributor
 * @param bundleId the bundle that registered the contributor
 * @param lines label to value, in the contributor's order, at most {@code MAX_LINES} (+1 saying how many were cut)
 * @param error why there are no lines (it threw, or did not answer in time), or {@code null}
 */
public record ContributedStatus(String name, long bundleId, Map<String, String> lines, String error) {

    ContributedStatus named(String newName) {
        return new ContributedStatus(newName, bundleId, lines, error);
    }
}
