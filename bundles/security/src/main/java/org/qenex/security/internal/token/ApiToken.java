package org.qenex.security.internal.token;

import java.time.Instant;
import java.util.Set;

/**
 * An API token as the node stores it: everything but the secret, of which only the SHA-256 is
 * kept ({@code hash}, hex).
 *
 * @param id public identifier, part of the token itself ({@code qxt_<id>_<secret>})
 * @param name what the owner called it
 * @param owner the user who created it; the token acts as this user
 * @param roles the roles it grants (never more than the owner had when creating it)
 */
public record ApiToken(String id, String name, String owner, Set<String> roles, Instant created, Instant expires,
        String hash) {

    public ApiToken {
        roles = Set.copyOf(roles);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }
}
