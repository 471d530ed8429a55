package org.qenex.security.internal.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;
import org.qenex.api.testing.ManualClock;
import org.qenex.security.internal.http.GatewayPrincipal;
import org.qenex.security.internal.http.LoginGuard;
import org.qenex.security.internal.http.LoginGuardTest;

/** The guard in a real JAAS login, in front of a module that checks passwords as Karaf's does. */
public class GuardLoginModuleTest {

    /** Accepts admin / right-password, like the properties module (OPTIONAL in Karaf's realm). */
    public static final class PasswordModule implements LoginModule {
        static int checks;
        private Subject subject;
        private CallbackHandler handler;
        private boolean ok;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            checks++;
            NameCallback name = new NameCallback("u");
            PasswordCallback pass = new PasswordCallback("p", false);
            try {
                handler.handle(new Callback[] {name, pass});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            ok = "admin".equals(name.getName()) && "right-password".equals(new String(pass.getPassword()));
            if (!ok) {
                throw new FailedLoginException("wrong password");
            }
            return true;
        }

        @Override
        public boolean commit() {
            if (ok) {
                subject.getPrincipals().add(new UserPrincipal("admin"));
            }
            return ok;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<String> log = new ArrayList<>();
    private final LoginGuard guard = LoginGuardTest.forTests(Map.of("userFreeFailures", 3, "addressFreeFailures", 100),
            clock, log);

    private final Set<String> blockedAddresses = ConcurrentHashMap.newKeySet();
    /** False: the realm has no intrusion detector yet (the kernel, whose NodeContext it needs, is not up). */
    private volatile boolean detectorRunning = true;

    private Subject login(String user, String password, String sshAddress, boolean fromGateway) throws LoginException {
        Subject subject = new Subject();
        if (sshAddress != null) {
            subject.getPrincipals().add(new ClientPrincipal("ssh", sshAddress));
        }
        if (fromGateway) {
            subject.getPrincipals().add(new GatewayPrincipal());
        }
        CallbackHandler handler = callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(user);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                }
            }
        };
        Configuration realm = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                Map<String, Object> options = new HashMap<>();
                options.put(GuardLoginModule.GUARD_OPTION, guard);
                if (detectorRunning) {
                    options.put(GuardLoginModule.BLOCKED_OPTION, (Predicate<String>) blockedAddresses::contains);
                }
                return new AppConfigurationEntry[] {
                        new AppConfigurationEntry(GuardLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, options),
                        new AppConfigurationEntry(PasswordModule.class.getName(), LoginModuleControlFlag.OPTIONAL, Map.of())};
            }
        };
        new LoginContext("karaf", subject, handler, realm).login();
        return subject;
    }

    @Test
    public void theGuardNeverLetsAWrongPasswordInNorKeepsARightOneOut() throws Exception {
        assertThrows(LoginException.class, () -> login("admin", "wrong", "/10.0.0.5:40000", false));
        assertTrue(login("admin", "right-password", "/10.0.0.5:40001", false).getPrincipals().contains(new UserPrincipal("admin")));
    }

    @Test
    public void sshFailuresLockTheUserBeforeKarafHashesAnything() throws Exception {
        PasswordModule.checks = 0;
        for (int i = 0; i < 3; i++) {
            assertThrows(LoginException.class, () -> login("admin", "wrong", "/10.0.0.5:40000", false));
        }
        assertEquals(3, PasswordModule.checks);
        assertTrue(log.get(0), log.get(0).contains("user 'admin' from 10.0.0.5: wrong user name or password (shell/console)"));

        LoginException locked = assertThrows(LoginException.class,
                () -> login("admin", "right-password", "/10.0.0.5:40002", false));
        assertTrue(locked.getMessage(), locked.getMessage().contains("too many failed logins for this user"));
        assertThrows("the console (no address) is refused too", LoginException.class,
                () -> login("admin", "right-password", null, false));
        assertEquals("refused before the password module ran", 3, PasswordModule.checks);

        assertTrue("a clean address still gets in",
                login("admin", "right-password", "/[::1]:40003", false).getPrincipals().size() > 0);
    }

    @Test
    public void theGatewaysOwnLoginsAreNotCountedTwice() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThrows(LoginException.class, () -> login("admin", "wrong", null, true));
        }
        assertTrue(guard.beforeHash("admin", null).isEmpty());
        assertEquals(List.of(), log);
    }

    @Test
    public void readsTheClientAddressOfKarafsSshPrincipal() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/192.0.2.7:50123"));
        assertEquals("192.0.2.7", GuardLoginModule.clientAddress(subject));
        Subject v6 = new Subject();
        v6.getPrincipals().add(new ClientPrincipal("ssh", "/[2001:db8::1]:22"));
        assertEquals("2001:db8::1", GuardLoginModule.clientAddress(v6));
        assertEquals(null, GuardLoginModule.clientAddress(new Subject()));
    }

    @Test
    public void anAddressBlockedByIntrusionDetectionIsRefusedBeforeAnyPasswordCheck() throws Exception {
        PasswordModule.checks = 0;
        blockedAddresses.add("10.0.0.9");
        LoginException refused = assertThrows(LoginException.class,
                () -> login("admin", "right-password", "/10.0.0.9:40000", false));
        assertTrue(refused.getMessage(), refused.getMessage().contains("refused for a while after suspicious activity"));
        assertEquals("refused before the password module ran", 0, PasswordModule.checks);
        assertEquals("not counted against the user: a blocked client must not lock out the account", List.of(), log);
        assertTrue(guard.beforeHash("admin", null).isEmpty());

        assertTrue("another address still gets in",
                login("admin", "right-password", "/10.0.0.5:40001", false).getPrincipals().contains(new UserPrincipal("admin")));
        blockedAddresses.remove("10.0.0.9");
        assertTrue("and the address again once its block has ended",
                login("admin", "right-password", "/10.0.0.9:40002", false).getPrincipals().contains(new UserPrincipal("admin")));
    }

    @Test
    public void untilIntrusionDetectionRunsEveryLoginIsRefusedUncounted() throws Exception {
        PasswordModule.checks = 0;
        detectorRunning = false;
        LoginException starting = assertThrows(LoginException.class,
                () -> login("admin", "right-password", "/10.0.0.5:40000", false));
        assertTrue(starting.getMessage(), starting.getMessage().contains("the node is starting"));
        assertThrows("the console (no address) too", LoginException.class, () -> login("admin", "right-password", null, false));
        assertEquals("refused before the password module ran", 0, PasswordModule.checks);
        assertEquals("not a failure of the user", List.of(), log);

        detectorRunning = true;
        assertTrue(login("admin", "right-password", "/10.0.0.5:40001", false).getPrincipals().contains(new UserPrincipal("admin")));
    }
}
