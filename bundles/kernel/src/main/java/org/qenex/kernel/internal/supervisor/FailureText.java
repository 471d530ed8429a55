package org.qenex.kernel.internal.supervisor;

/** One line about an exception for an incident: the message and its root cause, no stack trace. */
final class FailureText {

    private FailureText() {
    }

    static String of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == failure ? failure.toString() : failure.getMessage() + ": " + root;
        return firstLine(text);
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }
}
