package org.qenex.storage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.qenex.api.storage.BackupActivity;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.VerifyResult;
import org.qenex.api.testing.ManualClock;
import org.qenex.api.work.testing.ManualWorkScheduler;

public class ScheduledBackupsTest {

    private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    public void aRestartSoonAfterABackupTakesNoneUntilTheNewestIsAnIntervalOld() {
        ManualClock clock = new ManualClock(START);
        FakeBackups backups = new FakeBackups(clock);
        backups.onDisk(START.minus(Duration.ofHours(2))); // taken before this start, 2 h ago
        ManualWorkScheduler scheduler = scheduled(backups, clock);

        assertEquals(Duration.ofMinutes(10), scheduler.initialDelay(ScheduledBackups.JOB_NAME));
        clock.advance(Duration.ofMinutes(10));
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals("the newest backup is 2 h 10 min old: not due", 0, backups.taken);

        clock.advance(Duration.ofMinutes(3 * 60 + 49)); // 5 h 59 min after it
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(0, backups.taken);
        clock.advance(Duration.ofMinutes(1)); // 6 h: due
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(1, backups.taken);

        clock.advance(Duration.ofMinutes(30)); // the next look: the one just taken is 30 min old
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(1, backups.taken);
    }

    @Test
    public void aNodeWithoutBackupsOrWithAnOldOneTakesOneAtTheFirstLook() {
        ManualClock clock = new ManualClock(START);
        FakeBackups none = new FakeBackups(clock);
        ManualWorkScheduler scheduler = scheduled(none, clock);
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(1, none.taken);

        FakeBackups old = new FakeBackups(clock);
        old.onDisk(START.minus(Duration.ofHours(7)));
        ManualWorkScheduler second = scheduled(old, clock);
        second.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(1, old.taken);
    }

    @Test
    public void aBackupDatedAfterNowDoesNotHoldTheScheduleOff() {
        ManualClock clock = new ManualClock(START);
        FakeBackups backups = new FakeBackups(clock);
        backups.onDisk(START.plus(Duration.ofDays(30))); // the clock was set back a month since it was taken
        ManualWorkScheduler scheduler = scheduled(backups, clock);

        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(1, backups.taken);
        clock.advance(Duration.ofMinutes(30));
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals("the backup just taken counts, the future one does not", 1, backups.taken);
        clock.advance(Duration.ofHours(6));
        scheduler.runAll(ScheduledBackups.JOB_NAME);
        assertEquals(2, backups.taken);
    }

    @Test
    public void looksEveryTwelfthOfTheIntervalAndAtLeastEveryMinute() {
        assertEquals(Duration.ofMinutes(30), ScheduledBackups.lookEvery(Duration.ofMinutes(360)));
        assertEquals(Duration.ofMinutes(1), ScheduledBackups.lookEvery(Duration.ofMinutes(5)));
        assertEquals(Duration.ofMinutes(1), ScheduledBackups.lookEvery(Duration.ofMinutes(12)));
    }

    @Test
    public void disabledSchedulesNothing() {
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        new ScheduledBackups(config(false, 360, 10), new FakeBackups(new ManualClock(START)), scheduler,
                new ManualClock(START));
        assertTrue(scheduler.names().isEmpty());
    }

    /** The shipped schedule (every 360 minutes, first look after 10) over {@code backups}; its scheduler. */
    private static ManualWorkScheduler scheduled(FakeBackups backups, ManualClock clock) {
        ManualWorkScheduler scheduler = new ManualWorkScheduler();
        new ScheduledBackups(config(true, 360, 10), backups, scheduler, clock);
        return scheduler;
    }

    private static ScheduledBackups.Config config(boolean enabled, int intervalMinutes, int initialDelayMinutes) {
        return new ScheduledBackups.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ScheduledBackups.Config.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int intervalMinutes() {
                return intervalMinutes;
            }

            @Override
            public int initialDelayMinutes() {
                return initialDelayMinutes;
            }
        };
    }

    /** Backups on disk (as list() reads them) and the ones this service took since it started. */
    private static final class FakeBackups implements BackupService {
        private final ManualClock clock;
        private final List<BackupInfo> onDisk = new ArrayList<>();
        private Instant lastSuccess;
        int taken;

        FakeBackups(ManualClock clock) {
            this.clock = clock;
        }

        void onDisk(Instant created) {
            onDisk.add(new BackupInfo("b" + onDisk.size(), created, 0, 0, 0, 0));
            onDisk.sort((a, b) -> a.created().compareTo(b.created()));
        }

        @Override
        public BackupInfo backup() {
            taken++;
            lastSuccess = clock.instant();
            onDisk(lastSuccess);
            return onDisk.get(onDisk.size() - 1);
        }

        @Override
        public List<BackupInfo> list() {
            return List.copyOf(onDisk);
        }

        @Override
        public BackupActivity activity() {
            return new BackupActivity(taken, 0, lastSuccess, Duration.ZERO, null);
        }

        @Override
        public VerifyResult verify(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreResult restore(String id, boolean dependentsStopped) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RestoreResult restoreAt(Instant time, boolean dependentsStopped) {
            throw new UnsupportedOperationException();
        }
    }
}
