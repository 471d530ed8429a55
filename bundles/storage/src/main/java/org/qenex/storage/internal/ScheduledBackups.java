package org.qenex.storage.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;

/**
 * Takes a backup whenever the newest one is an interval old, through the kernel's
 * {@link WorkScheduler} (which throttles it under load). Without a scheduler this component is
 * simply not active: backups are then manual. Retention is applied by each backup (see
 * {@link StorageConfiguration}).
 *
 * <p>Due is judged from the backups on disk, not from this component's activation: it is
 * activated again at every start of the node and every update of this bundle or the kernel, and a
 * backup after each of those would let retention (seven backups) drop the older ones, and with
 * them the range a point-in-time restore reaches, after a few restarts.
 */
@Component(configurationPid = "org.qenex.storage.backup")
@Designate(ocd = ScheduledBackups.Config.class)
public final class ScheduledBackups {

    @ObjectClassDefinition(name = "QENEX Storage backup schedule", description = "When the store backs itself up.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Take scheduled backups.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Interval (minutes)", description = "Age of the newest backup at which the next one is taken (it is looked at every twelfth of this, at least every minute).", min = "1")
        int intervalMinutes() default 360;

        @AttributeDefinition(name = "First look (minutes)", description = "Time from start to the first look at whether a backup is due.", min = "0")
        int initialDelayMinutes() default 10;
    }

    static final String JOB_NAME = "storage backup";

    private final BackupService backups;
    private final Clock clock;
    private final Duration interval;
    private final JobHandle job;

    @Activate
    public ScheduledBackups(Config config, @Reference BackupService backups, @Reference WorkScheduler scheduler) {
        this(config, backups, scheduler, Clock.systemUTC());
    }

    ScheduledBackups(Config config, BackupService backups, WorkScheduler scheduler, Clock clock) {
        this.backups = backups;
        this.clock = clock;
        this.interval = Duration.ofMinutes(config.intervalMinutes());
        // A failed run is reported (incident, health DEGRADED) by the backup itself, and retried at the next look.
        this.job = config.enabled()
                ? scheduler.schedule(JOB_NAME, JobPriority.LOW, Duration.ofMinutes(config.initialDelayMinutes()),
                        lookEvery(interval), this::backupIfDue)
                : null;
    }

    /** How often to look: a backup comes at most this long after it is due. */
    static Duration lookEvery(Duration interval) {
        Duration twelfth = interval.dividedBy(12);
        return twelfth.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : twelfth;
    }

    void backupIfDue() {
        Instant now = clock.instant();
        Instant newest = newestBackup(now);
        if (newest == null || !newest.plus(interval).isAfter(now)) {
            backups.backup();
        }
    }

    /**
     * When the newest backup was taken: the newest retained one, or the newest this service took since
     * it started. A backup dated after now (the clock was set back), of either kind, is not counted, or
     * it would hold every backup off until the clock caught up.
     */
    private Instant newestBackup(Instant now) {
        Stream<Instant> retained = backups.list().stream().map(BackupInfo::created);
        return Stream.concat(Stream.ofNullable(backups.activity().lastSuccess()), retained)
                .filter(taken -> !taken.isAfter(now))
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    @Deactivate
    void deactivate() {
        if (job != null) {
            job.cancel();
        }
    }
}
