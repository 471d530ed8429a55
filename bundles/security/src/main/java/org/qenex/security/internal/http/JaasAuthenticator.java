package org.qenex.security.internal.http;

import java.security.Principal;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/** Logs in against a Karaf JAAS realm, the same users and roles as the shell and web console. */
final class JaasAuthenticator implements Authenticator {

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    @Override
    public Optional<Caller> authenticate(String user, String password) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new GatewayPrincipal());
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback pass) {
                        pass.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
        } catch (LoginException wrongCredentials) {
            return Optional.empty();
        }
        Set<String> roles = new HashSet<>();
        for (Principal principal : subject.getPrincipals(RolePrincipal.class)) {
            roles.add(principal.getName());
        }
        return Optional.of(new Caller(user, roles));
    }
}
