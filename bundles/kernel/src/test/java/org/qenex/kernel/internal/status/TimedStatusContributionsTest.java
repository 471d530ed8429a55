package org.qenex.kernel.internal.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.qenex.api.plugin.StatusContributor;

/** Plugin code in the status: bounded, isolated, and never able to hold the status up for longer than the timeout. */
public class TimedStatusContributionsTest {

    private static final long TIMEOUT_MS = 100;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final TimedStatusContributions contributions = new TimedStatusContributions(context(), pool, TIMEOUT_MS);
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void stop() throws InterruptedException {
        release.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    public void aContributorsLinesAreShownInItsOrderUnderItsBundle() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("greetings", "12");
        lines.put("last greeting", "2026-01-01T00:00:00Z");
        contributions.addContributor(() -> lines, properties(1, 97));

        List<ContributedStatus> collected = contributions.collect();
        assertEquals(1, collected.size());
        assertEquals("com.example.b97", collected.get(0).name());
        assertEquals(97, collected.get(0).bundleId());
        assertEquals(List.of("greetings", "last greeting"), List.copyOf(collected.get(0).lines().keySet()));
        assertNull(collected.get(0).error());
    }

    @Test
    public void aThrowingContributorIsShownAsAnErrorAndTheOthersStillAre() {
        contributions.addContributor(() -> {
            throw new IllegalStateException("boom");
        }, properties(1, 97));
        contributions.addContributor(() -> Map.of("height", "7"), properties(2, 98));

        List<ContributedStatus> collected = contributions.collect();
        assertEquals(2, collected.size());
        assertTrue(collected.get(0).error(), collected.get(0).error().contains("boom"));
        assertTrue(collected.get(0).lines().isEmpty());
        assertEquals(Map.of("height", "7"), collected.get(1).lines());
    }

    @Test
    public void aHangingContributorCostsOneTimeoutAndIsNotCalledAgainWhileItHangs() {
        AtomicInteger calls = new AtomicInteger();
        contributions.addContributor(() -> {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("late", "yes");
        }, properties(1, 97));
        contributions.addContributor(() -> Map.of("fine", "yes"), properties(2, 98));

        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            List<ContributedStatus> collected = contributions.collect();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue("took " + tookMs + " ms", tookMs < TIMEOUT_MS + 2_000);
            assertEquals("no answer within 100 ms", collected.get(0).error());
            assertEquals(Map.of("fine", "yes"), collected.get(1).lines());
        }
        assertEquals("a hung call is shared, not started again", 1, calls.get());
    }

    @Test
    public void linesAreBoundedInNumberAndLengthAndKeptOnOneLine() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("x".repeat(100), "y".repeat(1_000));
        lines.put("forged", "ok\nHealth:    UP");
        for (int i = 0; i < 30; i++) {
            lines.put("line " + i, String.valueOf(i));
        }
        contributions.addContributor(() -> lines, properties(1, 97));

        Map<String, String> kept = contributions.collect().get(0).lines();
        assertEquals(StatusContributor.MAX_LINES + 1, kept.size());
        assertEquals("16 more line(s) not shown", kept.get(StatusLines.CUT_LABEL));
        String label = kept.keySet().iterator().next();
        assertEquals(StatusContributor.MAX_LABEL_LENGTH, label.length());
        assertTrue(label.endsWith("…"));
        assertEquals(StatusContributor.MAX_VALUE_LENGTH, kept.get(label).length());
        assertEquals("ok Health:    UP", kept.get("forged"));
    }

    @Test
    public void aContributorThatLeftIsNoLongerAsked() {
        StatusContributor contributor = () -> Map.of("a", "b");
        contributions.addContributor(contributor, properties(1, 97));
        contributions.removeContributor(contributor, properties(1, 97));
        assertTrue(contributions.collect().isEmpty());
    }

    private static Map<String, Object> properties(long serviceId, long bundleId) {
        return Map.of(Constants.SERVICE_ID, serviceId, Constants.SERVICE_BUNDLEID, bundleId);
    }

    private static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(TimedStatusContributionsTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (p, m, a) -> switch (m.getName()) {
                    case "getBundle" -> bundle((long) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static Bundle bundle(long id) {
        return (Bundle) Proxy.newProxyInstance(TimedStatusContributionsTest.class.getClassLoader(),
                new Class<?>[] { Bundle.class }, (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> "com.example.b" + id;
                    case "getBundleId" -> id;
                    case "getState" -> Bundle.ACTIVE;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
