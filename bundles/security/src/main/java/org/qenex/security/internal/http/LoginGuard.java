package org.qenex.security.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.qenex.security.internal.FirstAdmin;
import org.qenex.security.internal.PasswordHash;
import org.qenex.security.internal.login.FailureLog;
import org.qenex.security.internal.login.HashGate;
import org.qenex.security.internal.login.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about a password login before it costs the node anything: a locked-out address or user
 * is refused without hashing, at most a few hashes run at once, and a failure costs the same time
 * whether the user exists or not. Every failure is counted against the user name and the client
 * address and logged (rate-limited, never the password).
 *
 * <p>The order matters: the address lock comes first (it stops one client whatever it tries);
 * then a login proven a moment ago (the login cache: no hash, and the attacker cannot produce
 * it) is admitted even if its user name is locked; then the user lock; then the hash gate.
 *
 * <p>A locked user name is refused to every address that failed recently, and to callers whose
 * address is unknown (console, JMX); an address with a clean record (the admin's own
 * workstation) may still try it, at the price of one hash, and is no longer clean if that
 * fails. So guessing the admin's password from a hundred addresses buys at most one guess per
 * address and lock period, and never locks the working admin out. An address whose logins keep
 * finding the hash gate full counts that as a failure: it is flooding, and its lock frees the gate.
 */
@Component(service = LoginGuard.class, configurationPid = "org.qenex.security.api")
public final class LoginGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private final CachingAuthenticator passwords;
    private final LoginThrottle users;
    private final LoginThrottle addresses;
    private final HashGate hashes;
    private final FailureLog failures;
    private final Predicate<String> knownUser;
    private final String dummy;

    static final String FIRST_ADMIN_PENDING = "the node is still making its first admin user; retry in a second";

    // False from the activation until etc/users.properties has its first admin (FirstAdmin, made off
    // the start-level thread while the API already serves): no password can match before, and
    // counting those refusals locked a client that polled a first boot out for minutes.
    private volatile boolean firstAdminMade = true;

    @Activate
    public LoginGuard(ApiGatewayConfiguration config) {
        this(new JaasAuthenticator(config.realm()), knownUsers(config.realm()), config, new PasswordHash(),
                Clock.systemUTC(), new FailureLog(Clock.systemUTC(), LOG::warn, 20, config.failureLogPerMinute()));
        this.firstAdminMade = false; // until FirstAdmin is bound, right after this constructor when it exists
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindFirstAdmin")
    void bindFirstAdmin(FirstAdmin made) {
        firstAdminMade(true);
    }

    void unbindFirstAdmin(FirstAdmin made) {
        firstAdminMade(false);
    }

    /** Whether etc/users.properties has its first admin (bound from {@link FirstAdmin}; tests set it). */
    void firstAdminMade(boolean made) {
        firstAdminMade = made;
    }

    /**
     * @param knownUser whether the realm has a user (see {@link ConstantCostAuthenticator})
     * @param realmHash hashes like the realm does (same iterations), for the dummy check of unknown users
     */
    LoginGuard(Authenticator realm, Predicate<String> knownUser, ApiGatewayConfiguration config, PasswordHash realmHash,
            Clock clock, FailureLog failures) {
        // Checked against, never matched: an unknown user's password costs a full derivation, and
        // the guard's activation (on the start-level thread, before JAAS) derives nothing.
        this.dummy = realmHash.unmatchable();
        this.knownUser = knownUser;
        Authenticator constantCost = new ConstantCostAuthenticator(realm, knownUser,
                password -> PasswordHash.matches(password, dummy));
        this.passwords = new CachingAuthenticator(constantCost, clock, config.loginCacheSeconds() * 1000L,
                config.loginCacheSize());
        Duration maxLock = Duration.ofSeconds(config.maxLockSeconds());
        Duration forget = Duration.ofSeconds(config.forgetFailuresSeconds());
        this.users = new LoginThrottle(clock, new LoginThrottle.Policy(config.userFreeFailures(),
                Duration.ofSeconds(config.userLockSeconds()), maxLock, forget, 20_000));
        this.addresses = new LoginThrottle(clock, new LoginThrottle.Policy(config.addressFreeFailures(),
                Duration.ofSeconds(config.addressLockSeconds()), maxLock, forget, 20_000));
        this.hashes = new HashGate(config.concurrentHashes(), config.hashWaiters(),
                Duration.ofMillis(config.hashWaitMillis()));
        this.failures = failures;
    }

    /** Checks a user name and password from {@code address}. */
    public LoginOutcome login(String user, String password, String address) {
        Optional<Duration> addressLock = addresses.lockedFor(addressKey(address));
        if (addressLock.isPresent()) {
            return LoginOutcome.lockedOut("too many failed logins from your address; retry later", addressLock.get());
        }
        Optional<Caller> proven = passwords.cached(user, password);
        if (proven.isPresent()) {
            return LoginOutcome.admitted(proven.get());
        }
        if (!firstAdminMade) {
            return LoginOutcome.starting(FIRST_ADMIN_PENDING);
        }
        Optional<LoginOutcome> userLock = userLocked(user, address);
        if (userLock.isPresent()) {
            return userLock.get();
        }
        if (!enterHash()) {
            busy(user, address);
            return LoginOutcome.busy("the node is checking too many passwords at once; retry in a second");
        }
        Optional<Caller> caller;
        try {
            caller = passwords.authenticate(user, password);
        } finally {
            exitHash();
        }
        if (caller.isPresent()) {
            succeeded(user);
            return LoginOutcome.admitted(caller.get());
        }
        failed(user, address, "wrong user name or password");
        return LoginOutcome.unauthorized("wrong user name or password");
    }

    /**
     * Refuses, before any hash, a login for a locked user or from a locked address (null when
     * the channel does not know the client's address, e.g. the web console).
     */
    public Optional<LoginOutcome> beforeHash(String user, String address) {
        if (!firstAdminMade) {
            return Optional.of(LoginOutcome.starting(FIRST_ADMIN_PENDING));
        }
        if (address != null) {
            Optional<Duration> addressLock = addresses.lockedFor(addressKey(address));
            if (addressLock.isPresent()) {
                failures.failure(user, address, "address locked out, refused without checking");
                return Optional.of(LoginOutcome.lockedOut("too many failed logins from your address; retry later",
                        addressLock.get()));
            }
        }
        return userLocked(user, address);
    }

    private Optional<LoginOutcome> userLocked(String user, String address) {
        Optional<Duration> userLock = users.lockedFor(user);
        if (userLock.isEmpty() || (address != null && !addresses.failedRecently(addressKey(address)))) {
            return Optional.empty();
        }
        failures.failure(user, String.valueOf(address), "user locked out, refused without checking");
        return Optional.of(LoginOutcome.lockedOut("too many failed logins for this user; retry later", userLock.get()));
    }

    /** Takes a hash permit; false when too many checks run or wait already. Pair with {@link #exitHash()}. */
    public boolean enterHash() {
        try {
            return hashes.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void exitHash() {
        hashes.exit();
    }

    /** Counts a login turned away by a full hash gate against its address (not its user). */
    public void busy(String user, String address) {
        if (address != null) {
            Optional<Duration> locked = addresses.failed(addressKey(address));
            failures.failure(user, address, "too many password checks at once, refused without checking"
                    + locked.map(d -> "; address locked for " + d.toSeconds() + " s").orElse(""));
        }
    }

    /** Records a successful password check: the user's failures are forgotten (the address's are not). */
    public void succeeded(String user) {
        users.succeeded(user);
    }

    /** Records and logs a failed password check of {@code user} from {@code address} (null if unknown). */
    public void failed(String user, String address, String reason) {
        Optional<Duration> lockedUser = users.failed(user);
        Optional<Duration> lockedAddress = address == null ? Optional.empty() : addresses.failed(addressKey(address));
        failures.failure(user, String.valueOf(address), reason
                + lockedUser.map(d -> "; user locked for " + d.toSeconds() + " s").orElse("")
                + lockedAddress.map(d -> "; address locked for " + d.toSeconds() + " s").orElse(""));
    }

    /** Spends a password hash on an unknown user, so that a failure costs the same for every name. */
    public void evenOutCost(String user, String password) {
        if (!knownUser.test(user)) {
            PasswordHash.matches(password, dummy);
        }
    }

    /** How long {@code address} stays locked out, if it is now (checked before a token is looked up). */
    public Optional<Duration> addressLocked(String address) {
        return addresses.lockedFor(addressKey(address));
    }

    /** Counts a failure that needed no password (a wrong or expired token) against the address. */
    public void failedWithoutPassword(String who, String address, String reason) {
        Optional<Duration> locked = addresses.failed(addressKey(address));
        failures.failure(who, address, reason + locked.map(d -> "; address locked for " + d.toSeconds() + " s").orElse(""));
    }

    /** Forgets remembered logins of {@code user}, so a changed password or role takes effect now. */
    public void forget(String user) {
        passwords.forget(user);
    }

    /**
     * The throttle key of an address: the address itself for IPv4, its /64 network for IPv6
     * (one host usually holds a whole /64, and could otherwise rotate through it).
     */
    static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1) : address)
                    .getAddress();
            if (bytes.length != 16) {
                return address;
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException | IllegalArgumentException notALiteral) {
            return address;
        }
    }

    /** The karaf realm's users file; another realm is asked about every user (it decides the cost itself). */
    private static Predicate<String> knownUsers(String realm) {
        if (!"karaf".equals(realm)) {
            return user -> true;
        }
        return new KnownUsers(Paths.get(System.getProperty("karaf.etc"), "users.properties"));
    }
}
