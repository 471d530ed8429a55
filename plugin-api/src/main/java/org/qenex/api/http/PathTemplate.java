package org.qenex.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A route's path: literal segments and {@code {name}} segments, matched one segment each. */
final class PathTemplate {

    private final String text;
    private final String[] segments;

    PathTemplate(String text) {
        if (!text.startsWith("/v1/") && !text.equals("/v1")) {
            throw new IllegalArgumentException("a route's path starts with /v1/: " + text);
        }
        this.text = text;
        this.segments = split(text);
        List<String> names = new ArrayList<>();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty segment in " + text);
            }
            if (isParameter(segment)) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.isEmpty() || names.contains(name)) {
                    throw new IllegalArgumentException("parameter names must be given and distinct in " + text);
                }
                names.add(name);
            }
        }
    }

    String text() {
        return text;
    }

    /** The template with its parameters' names left out: two routes of one shape would clash. */
    String shape() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(isParameter(segment) ? "{}" : segment);
        }
        return out.toString();
    }

    List<String> parameters() {
        List<String> names = new ArrayList<>();
        for (String segment : segments) {
            if (isParameter(segment)) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** The parameters of {@code path} if it matches, else null. */
    Map<String, String> match(String[] path) {
        if (path.length != segments.length) {
            return null;
        }
        // the literals first, allocating nothing: the dispatcher tries every route of the path's length on every request
        for (int i = 0; i < segments.length; i++) {
            if (isParameter(segments[i]) ? path[i].isEmpty() : !segments[i].equals(path[i])) {
                return null;
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (isParameter(segments[i])) {
                values.put(segments[i].substring(1, segments[i].length() - 1), path[i]);
            }
        }
        return values;
    }

    /** Positive when this template is more specific: a literal beats a parameter, leftmost first. */
    int compareSpecificity(PathTemplate other) {
        for (int i = 0; i < Math.min(segments.length, other.segments.length); i++) {
            boolean mine = isParameter(segments[i]);
            boolean theirs = isParameter(other.segments[i]);
            if (mine != theirs) {
                return mine ? -1 : 1;
            }
        }
        return 0;
    }

    static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static boolean isParameter(String segment) {
        return segment.length() >= 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}';
    }
}
