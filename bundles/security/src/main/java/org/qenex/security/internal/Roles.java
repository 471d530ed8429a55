package org.qenex.security.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's three roles and the groups of {@code etc/users.properties} that grant them.
 *
 * <p>The roles nest: an admin is also an operator and a viewer, an operator also a viewer, as the
 * groups {@code admingroup}, {@code operatorgroup} and {@code viewergroup} say. REST endpoints
 * check one role each, so whatever grants a role (a group, a token) must grant the ones below it.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    /** Highest first. */
    public static final List<String> KNOWN = List.of(ADMIN, OPERATOR, VIEWER);

    private static final Map<String, Set<String>> IMPLIED = Map.of(
            ADMIN, Set.of(ADMIN, OPERATOR, VIEWER),
            OPERATOR, Set.of(OPERATOR, VIEWER),
            VIEWER, Set.of(VIEWER));

    private Roles() {
    }

    /**
     * Parses a list of role names ("viewer,operator" or a JSON array's items).
     *
     * @throws IllegalArgumentException for an empty list or a name outside {@link #KNOWN}
     */
    public static Set<String> parse(Collection<String> names) {
        Set<String> roles = new LinkedHashSet<>();
        for (String name : names) {
            String role = name.strip().toLowerCase(Locale.ROOT);
            if (role.isEmpty()) {
                continue;
            }
            if (!IMPLIED.containsKey(role)) {
                throw new IllegalArgumentException("unknown role '" + name.strip() + "'; the roles are " + String.join(", ", KNOWN));
            }
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("give at least one role: " + String.join(", ", KNOWN));
        }
        return sorted(roles);
    }

    /** {@link #parse(Collection)} for a comma-separated list. */
    public static Set<String> parse(String commaSeparated) {
        return parse(commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
    }

    /** The known roles {@code roles} grant, including the ones they imply. */
    public static Set<String> implied(Collection<String> roles) {
        Set<String> all = new LinkedHashSet<>();
        for (String role : roles) {
            all.addAll(IMPLIED.getOrDefault(role, Set.of()));
        }
        return sorted(all);
    }

    /** Only the known roles of {@code roles} (a JAAS subject also has ssh, manager, ...). */
    public static Set<String> known(Collection<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        all.retainAll(KNOWN);
        return sorted(all);
    }

    /** The group of {@code etc/users.properties} that grants {@code role}. */
    public static String groupOf(String role) {
        return role + "group";
    }

    /** The role a group grants, if it is one of the three. */
    public static Optional<String> roleOfGroup(String group) {
        for (String role : KNOWN) {
            if (groupOf(role).equals(group)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static Set<String> sorted(Set<String> roles) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String role : KNOWN) {
            if (roles.contains(role)) {
                ordered.add(role);
            }
        }
        return Collections.unmodifiableSet(ordered);
    }
}
