package org.qenex.monitoring.internal.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.http.ApiContext;

/**
 * The node's recent log events, newest kept, in a fixed-size ring fed by pax-logging: Karaf's
 * {@code etc/org.ops4j.pax.logging.cfg} routes the root logger to the {@code PaxOsgi} appender,
 * whose filter {@code *} hands every event to each {@link PaxAppender} service that has an
 * {@value #APPENDER_NAME_PROPERTY} property. Appending is a copy of a few fields under a short
 * lock: it runs on the thread that logged, so it never logs itself nor waits for anything else.
 * Immediate, so that SCR creates it when its bundle starts, never lazily inside a logging call.
 */
@Component(service = {PaxAppender.class, LogRing.class}, configurationPid = LogRing.PID, immediate = true,
        property = LogRing.APPENDER_NAME_PROPERTY + "=qenex-recent-log")
@Designate(ocd = LogRingConfiguration.class)
public final class LogRing implements PaxAppender {

    static final String PID = "org.qenex.logs";
    static final String APPENDER_NAME_PROPERTY = "org.ops4j.pax.logging.appender.name";
    static final int MAX_MESSAGE = 2000;

    private final LogLine[] ring;
    private int next;
    private long appended;

    @Activate
    public LogRing(LogRingConfiguration config) {
        this(config.capacity());
    }

    /** A ring of {@code capacity} lines, for tests. */
    public LogRing(int capacity) {
        this.ring = new LogLine[Math.max(1, capacity)];
    }

    @Override
    public void doAppend(PaxLoggingEvent event) {
        Map<String, Object> mdc = event.getProperties();
        String[] thrown = event.getThrowableStrRep();
        LogLine line = new LogLine(event.getTimeStamp(), level(event), event.getLoggerName(), threadName(event.getThreadName()),
                cut(event.getRenderedMessage()), text(mdc == null ? null : mdc.get(ApiContext.MDC_REQUEST_ID)),
                text(mdc == null ? null : mdc.get("bundle.name")), thrown == null || thrown.length == 0 ? null : cut(thrown[0]));
        add(line);
    }

    /**
     * The thread's name, but of a shell pipe's only "pipe-" and the command's name: Karaf names the
     * thread that runs a command after its whole command line, options and their values included
     * ({@code pipe-qenex:ai --passphrase x improver start}), and operators read these lines.
     */
    static String threadName(String name) {
        if (name == null || !name.startsWith("pipe-")) {
            return name;
        }
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    /** Keeps {@code line}, overwriting the oldest when full. */
    public synchronized void add(LogLine line) {
        ring[next] = line;
        next = (next + 1) % ring.length;
        appended++;
    }

    /** Events appended since the node started, dropped ones included. */
    public synchronized long appended() {
        return appended;
    }

    public int capacity() {
        return ring.length;
    }

    /** The newest lines that match, at most {@code query.limit()}, oldest first. */
    public List<LogLine> search(LogQuery query) {
        LogLine[] copy;
        int start;
        synchronized (this) {
            // Copy under the lock (an array copy), search outside it: loggers never wait for a search.
            copy = ring.clone();
            start = next;
        }
        List<LogLine> found = new ArrayList<>();
        for (int i = 1; i <= copy.length && found.size() < query.limit(); i++) {
            LogLine line = copy[(start - i + copy.length) % copy.length];
            if (line == null) {
                break;
            }
            if (query.matches(line)) {
                found.add(line);
            }
        }
        Collections.reverse(found);
        return found;
    }

    private static String level(PaxLoggingEvent event) {
        if (event.getLevel() == null) {
            return "INFO";
        }
        String name = event.getLevel().toLevel().name();
        // OSGi's AUDIT level is "always logged": shown with INFO.
        return "AUDIT".equals(name) ? "INFO" : name;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
