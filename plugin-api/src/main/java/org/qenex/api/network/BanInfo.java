package org.qenex.api.network;

/**
 * A ban.
 *
 * @param host what is banned: a node key (64 hex digits), an address {@code ip:port}, or an IP
 *        address (every peer on that host); the name is kept from 1.0.0, when bans were by host
 * @param untilMillis when the ban ends, ms since 1970
 * @param reason why, for example {@code oversized frame} or {@code banned by admin}
 * @since 1.0.0
 */
public record BanInfo(String host, long untilMillis, String reason) {
}
