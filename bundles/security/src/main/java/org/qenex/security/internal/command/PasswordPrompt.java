package org.qenex.security.internal.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.console.Session;

/**
 * Reads a password the way that keeps it out of the shell history: masked from the terminal, or
 * as a line of the session's input when there is no terminal ({@code echo ... | ssh node 'qenex:user passwd bob'}).
 * Never from a command-line option.
 */
final class PasswordPrompt {

    private PasswordPrompt() {
    }

    static String read(Session session, String prompt) throws IOException {
        String line;
        try {
            line = session.readLine(prompt, '*');
        } catch (UnsupportedOperationException headless) {
            line = readLine(session.getKeyboard());
        }
        if (line == null) {
            throw new IOException("no password given");
        }
        return line;
    }

    /** Reads a new password twice; null (after saying why) when the two differ. */
    static String readNew(Session session, String user) throws IOException {
        String first = read(session, "New password for " + user + ": ");
        String again = read(session, "Again: ");
        if (!first.equals(again)) {
            System.err.println("the two passwords differ; nothing changed");
            return null;
        }
        return first;
    }

    private static String readLine(InputStream in) throws IOException {
        if (in == null) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 1024) {
                throw new IOException("password line too long");
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
