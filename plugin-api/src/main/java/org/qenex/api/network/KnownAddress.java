package org.qenex.api.network;

/**
 * An entry of the address book.
 *
 * @param address {@code host:port}
 * @param source {@code seed} (configuration), {@code manual} (an operator added it) or {@code learned}
 *        (a peer told this node about it)
 * @param verified whether a handshake with it ever succeeded; a learned address is tried, but only
 *        passed on to other peers once verified
 * @param failures connection attempts that failed in a row
 * @param nextAttemptMillis when it may be tried again, ms since 1970 (the backoff)
 * @param lastConnectedMillis when a handshake with it last succeeded, 0 if never
 * @since 1.0.0
 */
public record KnownAddress(String address, String source, boolean verified, int failures, long nextAttemptMillis,
        long lastConnectedMillis) {
}
