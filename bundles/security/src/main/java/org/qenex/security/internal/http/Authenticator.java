package org.qenex.security.internal.http;

import java.util.Optional;

/** Checks a user name and password. */
interface Authenticator {

    /** The caller, if the password is right; empty otherwise. */
    Optional<Caller> authenticate(String user, String password);
}
