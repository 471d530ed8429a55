package org.qenex.security.internal.login;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Logs failed logins, but at most {@code burst} lines at once and {@code perMinute} a minute
 * after that, so that a flood of wrong passwords cannot flood the log (and the disk) as well.
 * Lines it had to drop are counted and the count is written with the next line that passes.
 */
public final class FailureLog {

    private final Clock clock;
    private final Consumer<String> sink;
    private final double burst;
    private final double perMilli;
    private double tokens;
    private long last;
    private long suppressed;

    public FailureLog(Clock clock, Consumer<String> sink, int burst, int perMinute) {
        this.clock = clock;
        this.sink = sink;
        this.burst = burst;
        this.perMilli = perMinute / 60_000.0;
        this.tokens = burst;
        this.last = clock.millis();
    }

    /**
     * Logs a failure (never a password: the caller passes what to say).
     *
     * @param who the user name as given, or a token id
     * @param address the client's address
     * @param reason why the login failed
     */
    public void failure(String who, String address, String reason) {
        String line;
        synchronized (this) {
            long now = clock.millis();
            tokens = Math.min(burst, tokens + (now - last) * perMilli);
            last = now;
            if (tokens < 1) {
                suppressed++;
                return;
            }
            tokens--;
            line = "login failed: user '" + printable(who) + "' from " + address + ": " + reason
                    + (suppressed > 0 ? " (" + suppressed + " more failures not logged since the last line)" : "");
            suppressed = 0;
        }
        sink.accept(line);
    }

    /** A user name as the client sent it, made safe for a log line (no line breaks, bounded). */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 64 ? out.append("...").toString() : out.toString();
    }
}
