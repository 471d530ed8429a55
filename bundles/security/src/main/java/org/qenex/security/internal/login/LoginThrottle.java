package org.qenex.security.internal.login;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per key (a user name, a client address) and locks a key out for a while
 * once it failed too often, so that guessing costs the guesser time and the node nothing: a
 * locked key is refused before any password hash is computed.
 *
 * <p>A key may fail {@code freeFailures} times in a row; each further failure locks it for
 * {@code firstLock}, doubled per further failure, at most {@code maxLock}. A success clears the
 * key; a key that has not failed for {@code forgetAfter} (and is not locked) starts afresh. At
 * most {@code maxKeys} keys are remembered (the least recently failed are dropped), so a flood of
 * made-up names cannot exhaust the heap.
 */
public final class LoginThrottle {

    /** The numbers of one throttle. */
    public record Policy(int freeFailures, Duration firstLock, Duration maxLock, Duration forgetAfter, int maxKeys) {

        public Policy {
            if (freeFailures < 1 || firstLock.isNegative() || maxLock.compareTo(firstLock) < 0 || maxKeys < 1) {
                throw new IllegalArgumentException("invalid throttle policy " + this);
            }
        }
    }

    private static final class Record {
        int failures;
        long lastFailure;
        long lockedUntil;
    }

    private final Clock clock;
    private final Policy policy;
    private final Map<String, Record> records = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(Clock clock, Policy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** How long {@code key} stays locked, if it is locked now. */
    public synchronized Optional<Duration> lockedFor(String key) {
        Record record = records.get(key);
        long now = clock.millis();
        if (record == null || record.lockedUntil <= now) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(record.lockedUntil - now));
    }

    /** Whether {@code key} failed within the last {@code forgetAfter} (or is locked). */
    public synchronized boolean failedRecently(String key) {
        Record record = records.get(key);
        long now = clock.millis();
        return record != null && (record.lockedUntil > now || now - record.lastFailure < policy.forgetAfter().toMillis());
    }

    /**
     * Records a failure of {@code key}.
     *
     * @return how long the key is now locked for, if this failure locked it
     */
    public synchronized Optional<Duration> failed(String key) {
        long now = clock.millis();
        Record record = records.get(key);
        if (record == null || (record.lockedUntil <= now && now - record.lastFailure >= policy.forgetAfter().toMillis())) {
            record = new Record();
            records.put(key, record);
            trim();
        }
        record.failures++;
        record.lastFailure = now;
        int over = record.failures - policy.freeFailures();
        if (over < 0) {
            return Optional.empty();
        }
        Duration lock = policy.firstLock().multipliedBy(1L << Math.min(over, 30));
        if (lock.compareTo(policy.maxLock()) > 0 || lock.isNegative()) {
            lock = policy.maxLock();
        }
        record.lockedUntil = now + lock.toMillis();
        return Optional.of(lock);
    }

    /** Forgets the failures of {@code key}, after a successful login. */
    public synchronized void succeeded(String key) {
        records.remove(key);
    }

    synchronized int size() {
        return records.size();
    }

    private void trim() {
        var eldest = records.keySet().iterator();
        while (records.size() > policy.maxKeys() && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
