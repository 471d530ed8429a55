package org.qenex.chain.internal.command;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;

/** Reads passphrases without echo, unless one was given on the command line (scripts). */
final class Passphrases {

    private Passphrases() {
    }

    static char[] read(Session session, String given, String prompt) throws IOException {
        if (given != null) {
            return given.toCharArray();
        }
        String line = session.readLine(prompt, '*');
        if (line == null) {
            throw new IOException("no passphrase given");
        }
        return line.toCharArray();
    }
}
