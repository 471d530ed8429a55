package org.qenex.network.internal.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.qenex.network.internal.wire.HostPort;

/**
 * Who a score or a ban is about ({@code docs/network.md}, "Peer scoring"). Bans were once by host,
 * so one bad peer on 127.0.0.1 (or behind a NAT) cut off every peer there; now:
 * <ul>
 * <li>a <b>node key</b> (64 hex digits) once the peer proved it in the handshake: what it does
 * afterwards is its own, and its next connection, from any address, is refused;</li>
 * <li>an <b>address</b> {@code ip:port} for what a connection does before it proved a key (a HELLO
 * is only a claim: misbehaviour then must not cost the key it names);</li>
 * <li>a <b>host</b> (an IP address), every peer on it: only an operator bans a whole host.</li>
 * </ul>
 * The canonical text is the key in lower case, the address as {@link HostPort#toString()} with
 * the IP in its canonical form, or the IP alone; it is what {@code bans.json} and the API show.
 */
record BanSubject(Kind kind, String text) {

    enum Kind { KEY, ADDRESS, HOST }

    static BanSubject key(String hex) {
        return new BanSubject(Kind.KEY, hex.toLowerCase(Locale.ROOT));
    }

    /** The address a connection came from or went to, {@code ip:port} ({@code [v6]:port}). */
    static BanSubject address(String ip, int port) {
        return new BanSubject(Kind.ADDRESS, new HostPort(ip, port).toString());
    }

    static BanSubject host(String ip) {
        return new BanSubject(Kind.HOST, ip.toLowerCase(Locale.ROOT));
    }

    /**
     * What an operator typed: a node key, {@code ip:port} or an IP address.
     *
     * @throws IllegalArgumentException for anything else (host names included: bans are by what a
     *         connection shows), with the accepted forms in the message
     */
    static BanSubject parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.matches("[0-9a-fA-F]{64}")) {
            return key(s);
        }
        HostPort parsed;
        try {
            parsed = HostPort.parse(s, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(usage(text), e);
        }
        String ip = canonicalIp(parsed.host(), text);
        boolean hasPort = s.startsWith("[") ? s.contains("]:") : s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':');
        return hasPort ? address(ip, parsed.port()) : host(ip);
    }

    private static String canonicalIp(String host, String text) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            throw new IllegalArgumentException(usage(text));
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(usage(text), e);
        }
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || ip.getHostAddress().equals("255.255.255.255")) {
            // a ban no connection could ever match: say so rather than list it as if it protected something
            throw new IllegalArgumentException("'" + text + "' is a wildcard, multicast or broadcast address, which no peer "
                    + "connects from: ban the peer's own IP, IP:port or node key");
        }
        return ip.getHostAddress().toLowerCase(Locale.ROOT);
    }

    private static String usage(String text) {
        return "'" + text + "' is not a node key (64 hex digits), an IP address or IP:port: bans are by one of those";
    }

    @Override
    public String toString() {
        return text;
    }
}
