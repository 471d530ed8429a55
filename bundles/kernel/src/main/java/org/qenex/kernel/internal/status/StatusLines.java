package org.qenex.kernel.internal.status;

import java.util.LinkedHashMap;
import java.util.Map;

import org.qenex.api.plugin.StatusContributor;

/** Keeps a contributor's lines within the sizes {@link StatusContributor} promises, on one line each. */
final class StatusLines {

    /** The label of the line that says how many lines were cut. */
    static final String CUT_LABEL = "(more)";

    private StatusLines() {
    }

    static Map<String, String> bounded(Map<String, String> lines) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (lines == null) {
            return kept;
        }
        int cut = 0;
        for (Map.Entry<String, String> line : lines.entrySet()) {
            if (line.getKey() == null) {
                continue;
            }
            if (kept.size() >= StatusContributor.MAX_LINES) {
                cut++;
                continue;
            }
            kept.put(shorten(oneLine(line.getKey()), StatusContributor.MAX_LABEL_LENGTH),
                    shorten(oneLine(line.getValue() == null ? "" : line.getValue()), StatusContributor.MAX_VALUE_LENGTH));
        }
        if (cut > 0) {
            kept.put(CUT_LABEL, cut + " more line(s) not shown");
        }
        return kept;
    }

    /** Line breaks and other control characters would break the shell's table and forge lines: spaces. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
