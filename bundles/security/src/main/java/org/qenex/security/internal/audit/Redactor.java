package org.qenex.security.internal.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what is about to be audited, so the audit log never holds a password,
 * passphrase or token (it is kept for years and read by people who must not learn them).
 *
 * <ul>
 * <li>the value of a secret option: {@code --passphrase X}, {@code --password=X}, {@code -p X}
 * after a command that takes a password that way;</li>
 * <li>the positional password of the commands that take one ({@code jaas:useradd USER PASS},
 * {@code qenex:user add|passwd USER PASS});</li>
 * <li>JSON fields and query parameters named like a secret ({@code "passphrase": "..."},
 * {@code ?token=...}).</li>
 * </ul>
 */
public final class Redactor {

    static final String MASK = "***";
    private static final String SECRET_NAMES = "passphrase|password|passwd|pass|secret|token|api[_-]?key|private[_-]?key|credentials?";

    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(--?(?:" + SECRET_NAMES + "|new-passphrase|old-passphrase|new-password|old-password)(?:=|\\s+))(\"[^\"]*\"|'[^']*'|\\S+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(\"(?:" + SECRET_NAMES + "|\\w*(?:passphrase|password|token|secret))\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "([?&](?:" + SECRET_NAMES + "|access_token)=)([^&#\\s]*)", Pattern.CASE_INSENSITIVE);
    /**
     * Commands whose password is an argument: the secret is the argument after the user name. A command
     * starts the text or follows a separator: ';', '|', '&' or a line break (a batch of lines is one
     * record, and its later lines' passwords were kept before).
     */
    private static final Pattern POSITIONAL_PASSWORD = Pattern.compile(
            "((?:^|[;|&\\n\\r]\\s*)(?:jaas:)?(?:useradd|user-add)\\s+(?:-\\S+\\s+)*\\S+\\s+|"
                    + "(?:^|[;|&\\n\\r]\\s*)(?:qenex:)?user\\s+(?:add|passwd|password)\\s+(?:-\\S+\\s+)*\\S+\\s+)"
                    + "(\"[^\"]*\"|'[^']*'|\\S+)");
    /** {@code ssh:ssh -P password} and {@code bin/client -p password} spell it with one letter. */
    private static final Pattern SHORT_PASSWORD = Pattern.compile(
            "((?:^|[;|&\\n\\r]\\s*)(?:ssh:)?ssh\\b[^;|&\\n\\r]*?\\s-P\\s+)(\\S+)");

    private Redactor() {
    }

    /** A shell command line, or any free text, without its secrets. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String result = replace(POSITIONAL_PASSWORD, text);
        result = replace(SHORT_PASSWORD, result);
        result = replace(SECRET_OPTION, result);
        result = replace(JSON_SECRET, result);
        return replace(QUERY_SECRET, result);
    }

    private static String replace(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String value = matcher.group(2);
            String mask = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1 ? "\"" + MASK + "\"" : MASK;
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + mask));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
