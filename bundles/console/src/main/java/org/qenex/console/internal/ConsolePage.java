package org.qenex.console.internal;

import java.util.List;

/**
 * One page of the console: its id (the fragment in {@code /console/#id}, and the web console
 * label {@code qenex-<id>}), its title and the least role the REST API asks for what it shows.
 */
public record ConsolePage(String id, String title, String role) {

    /** The pages, in the order of the menus. */
    public static final List<ConsolePage> ALL = List.of(
            new ConsolePage("overview", "Overview", "viewer"),
            new ConsolePage("chain", "Chain", "viewer"),
            new ConsolePage("wallets", "Wallets", "operator"),
            new ConsolePage("ai", "AI", "viewer"),
            new ConsolePage("storage", "Storage", "admin"),
            new ConsolePage("plugins", "Plugins", "viewer"),
            new ConsolePage("network", "Network", "viewer"),
            new ConsolePage("alerts", "Alerts", "viewer"),
            new ConsolePage("logs", "Logs", "operator"));

    /** The web console's label for this page (its path under {@code /system/console/}). */
    public String label() {
        return "qenex-" + id;
    }
}
