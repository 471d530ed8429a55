package org.qenex.storage.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.qenex.api.storage.Store;

/**
 * A bundle asking for namespaces: its symbolic name (ownership outlives bundle ids, updates and
 * reinstalls) and the namespaces it declares shared in {@value Store#SHARED_NAMESPACES_HEADER}.
 *
 * @param bundle the bundle's symbolic name
 * @param shared exact names, or prefixes ending in {@code *}
 */
public record NamespaceClaimant(String bundle, List<String> shared) {

    public NamespaceClaimant {
        shared = List.copyOf(shared);
    }

    static NamespaceClaimant of(Bundle bundle) {
        // getHeaders("") gives the raw manifest, without localisation
        return new NamespaceClaimant(bundle.getSymbolicName(), parse(bundle.getHeaders("").get(Store.SHARED_NAMESPACES_HEADER)));
    }

    static List<String> parse(String header) {
        List<String> patterns = new ArrayList<>();
        if (header != null) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    patterns.add(part.trim());
                }
            }
        }
        return patterns;
    }

    /** Whether this bundle lets other bundles use {@code namespace}. */
    boolean shares(String namespace) {
        for (String pattern : shared) {
            if (pattern.endsWith("*") ? namespace.startsWith(pattern.substring(0, pattern.length() - 1))
                    : namespace.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
