package org.qenex.storage.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.qenex.api.storage.BackupService;
import org.qenex.api.work.JobHandle;
import org.qenex.api.work.JobPriority;
import org.qenex.api.work.WorkScheduler;

/**
 * Takes a backup periodically through the kernel's {@link WorkScheduler} (which throttles it under
 * load). Without a scheduler this component is simply not active: backups are then manual. Retention
 * is applied by each backup (see {@link StorageConfiguration}).
 */
@Component(configurationPid = "org.qenex.storage.backup")
@Designate(ocd = ScheduledBackups.Config.class)
public final class ScheduledBackups {

    @ObjectClassDefinition(name = "QENEX Storage backup schedule", description = "When the store backs itself up.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Take scheduled backups.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Interval (minutes)", description = "Time between the end of one backup and the start of the next.", min = "1")
        int intervalMinutes() default 360;

        @AttributeDefinition(name = "First delay (minutes)", description = "Time from start to the first backup.", min = "0")
        int initialDelayMinutes() default 10;
    }

    private final JobHandle job;

    @Activate
    public ScheduledBackups(Config config, @Reference BackupService backups, @Reference WorkScheduler scheduler) {
        // A failed run is reported (incident, health DEGRADED) by the backup itself, and retried next period.
        this.job = config.enabled()
                ? scheduler.schedule("storage backup", JobPriority.LOW, Duration.ofMinutes(config.initialDelayMinutes()),
                        Duration.ofMinutes(config.intervalMinutes()), backups::backup)
                : null;
    }

    @Deactivate
    void deactivate() {
        if (job != null) {
            job.cancel();
        }
    }
}
