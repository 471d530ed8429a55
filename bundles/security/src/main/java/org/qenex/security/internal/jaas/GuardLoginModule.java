package org.qenex.security.internal.jaas;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.qenex.security.internal.http.GatewayPrincipal;
import org.qenex.security.internal.http.LoginGuard;
import org.qenex.security.internal.http.LoginOutcome;

/**
 * The first module of the guarded {@code karaf} realm: applies the REST gateway's lockout, hash
 * cap, even cost and failure log to every other login of the realm (SSH, the web console, JMX).
 *
 * <p>It decides nothing about the password: {@code login()} refuses an address blocked by intrusion
 * detection, and a locked user or address
 * (REQUISITE, so no later module hashes anything) or takes a hash permit and returns false
 * ("ignore me"), so the realm's outcome is the other modules' as before. {@code commit()} and
 * {@code abort()} learn that outcome, release the permit and count it. Logins made by the REST
 * gateway ({@link GatewayPrincipal}) are left alone: the gateway counted them already.
 */
public final class GuardLoginModule implements LoginModule {

    /** The option under which {@link GuardedKarafRealm} passes the guard. */
    static final String GUARD_OPTION = "org.qenex.security.guard";
    /**
     * The option under which {@link GuardedKarafRealm} passes "is this address blocked?" (intrusion
     * detection). Absent while intrusion detection is not running: every login is refused then.
     */
    static final String BLOCKED_OPTION = "org.qenex.security.blocked";

    private Subject subject;
    private CallbackHandler callbacks;
    private LoginGuard guard;
    private Predicate<String> blocked;
    private String user;
    private String password;
    private String address;
    private boolean holdsPermit;
    private boolean active;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.guard = (LoginGuard) options.get(GUARD_OPTION);
        @SuppressWarnings("unchecked")
        Predicate<String> isBlocked = (Predicate<String>) options.get(BLOCKED_OPTION);
        this.blocked = isBlocked;
    }

    @Override
    public boolean login() throws LoginException {
        if (guard == null || !subject.getPrincipals(GatewayPrincipal.class).isEmpty()) {
            return false;
        }
        // Fail closed: a login that could be neither checked against the blocklist nor audited is not let in.
        if (blocked == null) {
            throw new FailedLoginException("the node is starting: logins are accepted once its audit trail and "
                    + "intrusion detection run");
        }
        // The gateway answers a blocked address 403 before any password check; SSH gets the same.
        // Not counted as a failure of the user: a blocked client must not lock out the account.
        String client = clientAddress(subject);
        if (client != null && blocked.test(client)) {
            throw new FailedLoginException("logins from " + client
                    + " are refused for a while after suspicious activity");
        }
        user = askName();
        if (user == null) {
            return false;
        }
        password = askPassword();
        address = client;
        active = true;
        Optional<LoginOutcome> refused = guard.beforeHash(user, address);
        if (refused.isPresent()) {
            active = false;
            throw new FailedLoginException(refused.get().detail());
        }
        if (password != null) {
            if (!guard.enterHash()) {
                active = false;
                guard.busy(user, address);
                throw new LoginException("the node is checking too many passwords at once; retry in a second");
            }
            holdsPermit = true;
        }
        return false;
    }

    @Override
    public boolean commit() {
        if (active) {
            release();
            guard.succeeded(user);
        }
        return false;
    }

    @Override
    public boolean abort() {
        if (active) {
            boolean withPassword = password != null;
            try {
                if (withPassword) {
                    guard.evenOutCost(user, password);
                }
            } finally {
                release();
            }
            guard.failed(user, address, withPassword ? "wrong user name or password (shell/console)"
                    : "login refused (shell/console)");
        }
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }

    private void release() {
        active = false;
        password = null;
        if (holdsPermit) {
            holdsPermit = false;
            guard.exitHash();
        }
    }

    private String askName() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        try {
            callbacks.handle(new Callback[] {name});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot ask for the user name: " + e);
        }
        return name.getName();
    }

    /** The password, or null for a login without one (an SSH public key). */
    private String askPassword() {
        PasswordCallback pass = new PasswordCallback("password: ", false);
        try {
            callbacks.handle(new Callback[] {pass});
        } catch (IOException | UnsupportedCallbackException noPassword) {
            return null;
        }
        char[] chars = pass.getPassword();
        pass.clearPassword();
        return chars == null ? null : new String(chars);
    }

    /**
     * The client's IP address from Karaf's SSH {@code ClientPrincipal}, whose address is an
     * {@code InetSocketAddress} as text ({@code /127.0.0.1:54321}, {@code /[::1]:54321}); null if none.
     */
    static String clientAddress(Subject subject) {
        for (ClientPrincipal client : subject.getPrincipals(ClientPrincipal.class)) {
            String a = client.getAddress();
            if (a == null || a.isEmpty()) {
                continue;
            }
            a = a.substring(a.indexOf('/') + 1);
            if (a.startsWith("[")) {
                return a.substring(1, Math.max(1, a.indexOf(']')));
            }
            int port = a.lastIndexOf(':');
            return port > 0 && a.indexOf(':') == port ? a.substring(0, port) : a;
        }
        return null;
    }
}
