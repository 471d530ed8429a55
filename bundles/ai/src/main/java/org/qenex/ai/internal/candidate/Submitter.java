package org.qenex.ai.internal.candidate;

import java.util.Objects;

/**
 * Who submitted a candidate: an authenticated user of the REST API or the shell (limited per
 * user, whatever contributor it names), or the node's own improver (not limited; it proposes only
 * when the queue is empty).
 *
 * @param user the authenticated user name, or {@value #NODE} for the node itself
 * @param limited whether the per-user and per-contributor limits apply
 */
public record Submitter(String user, boolean limited) {

    public static final String NODE = "(node)";

    public Submitter {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("a submitter has a name");
        }
    }

    /** An authenticated user: every limit applies. */
    public static Submitter user(String name) {
        return new Submitter(name, true);
    }

    /** The node's own improver. */
    public static Submitter node() {
        return new Submitter(NODE, false);
    }
}
