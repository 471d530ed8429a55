package org.qenex.security.internal.http;

import java.util.Set;

/**
 * Who made a request, and in which roles.
 *
 * @param tokenId the API token the caller used, or null for a password login
 */
record Caller(String name, Set<String> roles, String tokenId) {

    Caller {
        roles = Set.copyOf(roles);
    }

    Caller(String name, Set<String> roles) {
        this(name, roles, null);
    }
}
