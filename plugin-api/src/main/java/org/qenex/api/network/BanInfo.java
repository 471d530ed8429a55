package org.qenex.api.network;

/**
 * A banned host.
 *
 * @param host the IP address or host name
 * @param untilMillis when the ban ends, ms since 1970
 * @param reason why, for example {@code oversized frame} or {@code banned by admin}
 * @since 1.0.0
 */
public record BanInfo(String host, long untilMillis, String reason) {
}
