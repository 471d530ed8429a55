package org.qenex.security.internal.audit;

import java.util.Objects;

/**
 * One action to be audited, as the part that saw it describes it.
 *
 * @param actor who did it: a user name, {@code anonymous}, or {@code system} for the node itself
 * @param route how: {@code rest}, {@code shell}, {@code ssh}, {@code system}
 * @param address from where: the client's IP address, or {@code local} for the node's own console
 * @param action what: for example {@code POST /api/v1/wallets} or {@code qenex:wallet list}
 * @param outcome how it ended: an HTTP status, {@code ok}, {@code failed}, {@code denied}
 * @param detail anything else worth keeping (already free of secrets), may be empty
 */
public record AuditEntry(String actor, String route, String address, String action, String outcome, String detail) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(action, "action");
        address = address == null || address.isEmpty() ? "unknown" : address;
        outcome = outcome == null ? "" : outcome;
        detail = detail == null ? "" : detail;
    }
}
