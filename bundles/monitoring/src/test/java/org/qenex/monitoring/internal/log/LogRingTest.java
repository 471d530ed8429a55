package org.qenex.monitoring.internal.log;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.ops4j.pax.logging.spi.PaxLevel;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.service.log.LogLevel;
import org.qenex.monitoring.internal.collect.Fakes;

/** The ring keeps the newest events, a search filters by level, time and text, and bounds its input. */
public class LogRingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

    static PaxLoggingEvent event(long time, LogLevel level, String logger, String message, String requestId, String... thrown) {
        Map<String, Object> mdc = new HashMap<>();
        mdc.put("bundle.name", "org.qenex.chain");
        if (requestId != null) {
            mdc.put("requestId", requestId);
        }
        PaxLevel paxLevel = Fakes.of(PaxLevel.class, Map.of("toLevel", level));
        return Fakes.of(PaxLoggingEvent.class, Map.of("getTimeStamp", time, "getLevel", paxLevel, "getLoggerName", logger,
                "getThreadName", "main", "getRenderedMessage", message, "getProperties", mdc,
                "getThrowableStrRep", thrown));
    }

    /** Operators read these lines: a shell pipe's command line (a passphrase option's value) is not in them. */
    @Test
    public void aShellPipesThreadIsNamedByItsCommandOnly() {
        assertEquals("pipe-qenex:ai", LogRing.threadName("pipe-qenex:ai --passphrase hunter2 improver start"));
        assertEquals("pipe-qenex:status", LogRing.threadName("pipe-qenex:status"));
        assertEquals("qtp1234-56", LogRing.threadName("qtp1234-56"));
        assertEquals("a pipe only at the start", "Karaf pipe-x y", LogRing.threadName("Karaf pipe-x y"));
        assertEquals(null, LogRing.threadName(null));
    }

    @Test
    public void anAppendedEventKeepsItsLevelRequestIdBundleAndException() {
        LogRing ring = new LogRing(10);
        ring.doAppend(event(NOW.toEpochMilli(), LogLevel.WARN, "org.qenex.chain.internal.Mempool", "refused tx", "req-42",
                "java.lang.IllegalStateException: full", "\tat x"));
        ring.doAppend(event(NOW.toEpochMilli(), LogLevel.AUDIT, "audit", "x".repeat(5000), null));
        List<LogLine> lines = ring.search(LogQuery.parse(null, null, null, null, NOW));
        assertEquals(2, lines.size());
        LogLine first = lines.get(0);
        assertEquals("WARN", first.level());
        assertEquals("req-42", first.requestId());
        assertEquals("org.qenex.chain", first.bundle());
        assertEquals("java.lang.IllegalStateException: full", first.thrown());
        assertEquals("INFO", lines.get(1).level());
        assertNull(lines.get(1).requestId());
        assertEquals("a huge message is cut", LogRing.MAX_MESSAGE + 3, lines.get(1).message().length());
    }

    @Test
    public void theRingKeepsTheNewestAndASearchAnswersTheNewestMatchesOldestFirst() {
        LogRing ring = new LogRing(100);
        for (int i = 0; i < 250; i++) {
            ring.add(new LogLine(NOW.toEpochMilli() - (250 - i) * 1000L, i % 10 == 0 ? "ERROR" : "DEBUG", "l", "t", "event " + i,
                    i == 240 ? "abc123" : null, null, null));
        }
        assertEquals(250, ring.appended());
        List<LogLine> all = ring.search(LogQuery.parse(null, null, null, 1000, NOW));
        assertEquals(100, all.size());
        assertEquals("event 150", all.get(0).message());
        assertEquals("event 249", all.get(99).message());

        List<LogLine> errors = ring.search(LogQuery.parse("error", null, null, 3, NOW));
        assertEquals(List.of("event 220", "event 230", "event 240"), errors.stream().map(LogLine::message).toList());
        assertEquals("WARN includes ERROR, not DEBUG", 10, ring.search(LogQuery.parse("WARN", null, null, 1000, NOW)).size());

        List<LogLine> recent = ring.search(LogQuery.parse(null, "10s", null, 1000, NOW));
        assertEquals("event 240", recent.get(0).message());
        assertEquals(10, recent.size());

        assertEquals("by request id", List.of("event 240"),
                ring.search(LogQuery.parse(null, null, "ABC1", 10, NOW)).stream().map(LogLine::message).toList());
        assertEquals(List.of("event 199"), ring.search(LogQuery.parse(null, null, "EVENT 199", 10, NOW)).stream()
                .map(LogLine::message).toList());
    }

    @Test
    public void boundlessInputIsRefusedWithItsBound() {
        refused(() -> LogQuery.parse(null, null, "x".repeat(201), null, NOW), "at most 200");
        refused(() -> LogQuery.parse(null, null, null, 1001, NOW), "1 to 1000");
        refused(() -> LogQuery.parse(null, null, null, 0, NOW), "1 to 1000");
        refused(() -> LogQuery.parse(null, "31d", null, null, NOW), "30d");
        refused(() -> LogQuery.parse(null, "ten minutes", null, null, NOW), "not a duration");
        refused(() -> LogQuery.parse("LOUD", null, null, null, NOW), "ERROR, WARN, INFO, DEBUG, TRACE");
        assertEquals(200, LogQuery.parse(null, "30d", "y".repeat(200), 1000, NOW).grep().length());
    }

    private static void refused(Runnable parse, String words) {
        try {
            parse.run();
            fail("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() + " should say " + words, e.getMessage().contains(words));
        }
    }
}
