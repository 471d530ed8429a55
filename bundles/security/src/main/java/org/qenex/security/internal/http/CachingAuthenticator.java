package org.qenex.security.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful logins for a short time, since a password hash is slow on purpose and
 * REST clients send their credentials with every request.
 *
 * <p>Entries are keyed by an HMAC of user and password under a key that lives only in memory, so
 * the cache holds no password. Failed logins are never cached, and a changed password takes
 * effect when the entry expires.
 */
final class CachingAuthenticator implements Authenticator {

    private record Entry(Caller caller, long expiresAt) {
    }

    private final Authenticator delegate;
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries;

    CachingAuthenticator(Authenticator delegate, Clock clock, long ttlMillis, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public Optional<Caller> authenticate(String user, String password) {
        if (ttlMillis <= 0) {
            return delegate.authenticate(user, password);
        }
        String id = fingerprint(user, password);
        long now = clock.millis();
        synchronized (entries) {
            Entry entry = entries.get(id);
            if (entry != null && entry.expiresAt() > now) {
                return Optional.of(entry.caller());
            }
            entries.remove(id);
        }
        Optional<Caller> caller = delegate.authenticate(user, password);
        caller.ifPresent(c -> remember(id, new Entry(c, now + ttlMillis)));
        return caller;
    }

    /** The caller, if exactly these credentials were checked successfully a moment ago; never hashes. */
    Optional<Caller> cached(String user, String password) {
        if (ttlMillis <= 0) {
            return Optional.empty();
        }
        String id = fingerprint(user, password);
        synchronized (entries) {
            Entry entry = entries.get(id);
            return entry != null && entry.expiresAt() > clock.millis() ? Optional.of(entry.caller()) : Optional.empty();
        }
    }

    /** Forgets every remembered login of {@code user}, after its password or roles changed. */
    void forget(String user) {
        synchronized (entries) {
            entries.values().removeIf(entry -> entry.caller().name().equals(user));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void remember(String id, Entry entry) {
        synchronized (entries) {
            entries.put(id, entry);
            var eldest = entries.keySet().iterator();
            while (entries.size() > maxEntries && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    private String fingerprint(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
