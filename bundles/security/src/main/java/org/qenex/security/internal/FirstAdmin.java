package org.qenex.security.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's first {@code admin} user, made off the framework's start-level thread, and the
 * service that says it is done.
 *
 * <p>Why off that thread: the password's PBKDF2 hash ({@link PasswordHash#DEFAULT_ITERATIONS}
 * iterations while the JIT is still cold) took 4-13 s of a first boot on the shared 2-core machine,
 * and every bundle after this one waited for it. Nothing but a login needs the user, so
 * {@link SecurityActivator} runs {@link #run} on a thread of its own and the bundles start meanwhile.
 *
 * <p>Why a service: an instance of this class is registered once {@code etc/users.properties} is the
 * node's to change (it had a user, or the first admin was written, or writing it failed and an
 * operator must add one by hand). {@code UserAccounts}, which rewrites that file, requires it, so it
 * never races the first admin's write; and the users' endpoint requires {@code UserAccounts}, so the
 * supervisor reports the node {@code STARTING}, not UP, until the first admin can log in.
 */
public final class FirstAdmin implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

    private final Path usersFile;
    private final Path passwordFile;
    private final Map<String, String> env;
    private final PasswordHash hash;
    private final PrintStream console;
    private final Consumer<FirstAdmin> done;

    /**
     * @param done called with this instance once the file is the node's (registers it as a
     *            service), whatever the outcome
     */
    FirstAdmin(Path usersFile, Path passwordFile, Map<String, String> env, PasswordHash hash, PrintStream console,
            Consumer<FirstAdmin> done) {
        this.usersFile = usersFile;
        this.passwordFile = passwordFile;
        this.env = env;
        this.hash = hash;
        this.console = console;
        this.done = done;
    }

    /** Whether the node has no user yet, so the first admin is still to be made (a cheap read of the file). */
    static boolean needed(Path usersFile) {
        try {
            return new UsersFile(usersFile).users().isEmpty();
        } catch (IOException e) {
            // run() meets the same file and says what is wrong with it
            return true;
        }
    }

    @Override
    public void run() {
        try {
            InitialAdminPassword.createIfNoUser(usersFile, passwordFile, env, hash, new SecureRandom(), console);
        } catch (IOException | RuntimeException e) {
            // The node still serves: the realm, tokens and audit do not depend on it, and an operator can add a user by hand.
            LOG.error("Could not create the first admin user in {}; add one to that file by hand", usersFile, e);
        } finally {
            done.accept(this);
        }
    }
}
