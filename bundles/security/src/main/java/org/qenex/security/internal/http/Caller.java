package org.qenex.security.internal.http;

import java.util.Set;

/** Who made a request, and in which roles. */
record Caller(String name, Set<String> roles) {

    Caller {
        roles = Set.copyOf(roles);
    }
}
