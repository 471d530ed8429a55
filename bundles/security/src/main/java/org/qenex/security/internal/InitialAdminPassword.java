package org.qenex.security.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code admin} user at the node's first start, since QENEX ships no default password.
 *
 * <p>The password is {@code QENEX_ADMIN_PASSWORD} if that environment variable is set; otherwise a
 * random one, written once to {@code data/qenex/initial-admin-password} (readable by the owner
 * only) and printed once on the console. Either way only its hash is stored. Nothing happens when
 * {@code etc/users.properties} already defines a user.
 *
 * <p>Not a DS component but a step of the {@link SecurityActivator}: the first admin is part of the
 * node's bootstrap, like its TLS certificate, and its password file is the node's, not this
 * bundle's ({@code data/qenex/}, where the operations guide sends the operator), so it must not
 * wait for the kernel's {@code NodeContext}: an operator whose kernel fails to start still has a user.
 */
final class InitialAdminPassword {

    static final String ENV_PASSWORD = "QENEX_ADMIN_PASSWORD";
    static final String ADMIN = "admin";
    static final String ADMIN_GROUP = "admingroup";
    static final int MIN_LENGTH = 12;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdminPassword.class);

    private InitialAdminPassword() {
    }

    /** Creates {@code admin} in {@code usersFile} unless it defines a user already. */
    static void createIfNoUser(Path usersFile, Path passwordFile, Map<String, String> env, PasswordHash hash,
            SecureRandom random, PrintStream console) throws IOException {
        UsersFile users = new UsersFile(usersFile);
        if (!users.users().isEmpty()) {
            return;
        }
        String given = env.get(ENV_PASSWORD);
        if (given != null && !given.isEmpty() && given.length() < MIN_LENGTH) {
            LOG.warn("{} is shorter than {} characters and was not used; a random admin password was generated instead",
                    ENV_PASSWORD, MIN_LENGTH);
            given = null;
        }
        boolean generated = given == null || given.isEmpty();
        String password = generated ? randomPassword(random) : given;
        users.addUser(ADMIN, "{CRYPT}" + hash.hash(password) + "{CRYPT}", ADMIN_GROUP);
        if (generated) {
            OwnerOnlyFiles.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
            console.println();
            console.println("QENEX: created user 'admin' with the generated password  " + password);
            console.println("QENEX: it is also in " + passwordFile + " (delete that file once you have stored it)");
            console.println();
            LOG.info("Created user 'admin'; its generated password is in {}", passwordFile);
        } else {
            LOG.info("Created user 'admin' with the password from {}", ENV_PASSWORD);
        }
    }

    private static String randomPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

}
