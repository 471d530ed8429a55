package org.qenex.network.internal.wire;

import java.util.Locale;

/**
 * A peer address, {@code host:port} ({@code [v6]:port} for IPv6 in text). Hosts are kept lower
 * case so that one node is one entry.
 */
public record HostPort(String host, int port) {

    /** The longest host a message or the address book accepts. */
    public static final int MAX_HOST_LENGTH = 255;

    public HostPort {
        if (host == null || host.isBlank() || host.length() > MAX_HOST_LENGTH || !host.matches("[A-Za-z0-9.:_%-]+")) {
            throw new IllegalArgumentException("not a host: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, or a bare host with {@code defaultPort}.
     *
     * @throws IllegalArgumentException for anything else, with the expected form in the message
     */
    public static HostPort parse(String text, int defaultPort) {
        String s = text == null ? "" : text.strip();
        try {
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                String host = s.substring(1, close);
                String rest = s.substring(close + 1);
                return new HostPort(host, rest.isEmpty() ? defaultPort : Integer.parseInt(rest.substring(rest.indexOf(':') + 1)));
            }
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(s, defaultPort);
            }
            if (s.indexOf(':') != colon) {
                // a bare IPv6 address without brackets: no port given
                return new HostPort(s, defaultPort);
            }
            return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (IPv6 as [address]:port)", e);
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
