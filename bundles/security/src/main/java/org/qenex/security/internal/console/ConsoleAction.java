package org.qenex.security.internal.console;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What a web console request asks for, as the audit log keeps it: only the parameters that name
 * an action and its target, never their neighbours. A configuration form posts every property's
 * value (passwords included), so values are never kept for parameters outside this list; the
 * list of property names ({@code propertylist}) says which ones were changed.
 */
final class ConsoleAction {

    /**
     * Felix's bundles, configuration, VM status and features pages, Karaf's gogo and instance
     * plugins: the parameters that say what was done, to what.
     */
    static final Set<String> KEPT = Set.of("action", "pid", "factoryPid", "apply", "delete", "propertylist",
            "feature", "version", "url", "name", "command", "shutdown_type", "bundlestart", "bundlestartlevel",
            "refreshPackages", "start", "startlevel", "id", "bundlefile");
    static final int MAX_VALUE = 200;

    private ConsoleAction() {
    }

    /**
     * The kept parameters, in a fixed order, as {@code name=value} joined by {@code ", "};
     * {@code parameter} answers a name's value or null.
     */
    static String describe(Function<String, String> parameter) {
        StringBuilder text = new StringBuilder();
        KEPT.stream().sorted().forEach(name -> {
            String value = parameter.apply(name);
            if (value == null) {
                return;
            }
            // A repository URL may carry a user and password (https://user:secret@host/...).
            value = value.replaceAll("//[^/@\\s]+@", "//***@");
            if (value.length() > MAX_VALUE) {
                value = value.substring(0, MAX_VALUE) + "...";
            }
            text.append(text.length() == 0 ? "" : ", ").append(name).append('=').append(value);
        });
        return text.toString();
    }

    /**
     * The path as the servlet container resolves it: percent-decoded, repeated slashes collapsed,
     * {@code .} and {@code ..} segments resolved; so that {@code /system//console} or
     * {@code /system/%63onsole} cannot pass the console's requests by the audit.
     *
     * <p>A path of letters, digits, {@code -}, {@code _} and single slashes without a dot is its own
     * canonical form and is answered as it is: every REST request passes here, and decoding plus
     * {@code URI.normalize} cost the node's request threads about 3 % of their time at 300 transfer
     * submissions a second (JFR, docs/network.md).
     */
    static String canonicalPath(String rawPath) {
        if (isPlain(rawPath)) {
            return rawPath;
        }
        String decoded = decode(rawPath.replace("+", "%2B"));
        String collapsed = decoded.replaceAll("/{2,}", "/");
        try {
            String normalized = new java.net.URI(null, null, collapsed, null).normalize().getPath();
            return normalized.startsWith("/..") ? "/" : normalized;
        } catch (java.net.URISyntaxException unparsable) {
            return collapsed;
        }
    }

    /** Letters, digits, '-', '_' and '/' only, starting with '/', no two slashes in a row (so no '%', '+', '.'). */
    static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '/' && (i == 0 || path.charAt(i - 1) != '/');
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** Whether the body is a URL-encoded form, the only body whose parameters the audit reads. */
    static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** A parameter of the query string alone (decoded), for requests whose body must not be read. */
    static String fromQuery(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
