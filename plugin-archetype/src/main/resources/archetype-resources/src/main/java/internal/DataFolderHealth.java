package ${package}.internal;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.health.HealthCheck;
import org.qenex.api.health.HealthResult;
import org.qenex.api.node.NodeContext;

/**
 * Tells the node's supervisor whether the plugin can work: it needs its data folder. The kernel runs
 * {@code check()} every few seconds, so it only looks and never writes.
 */
@Component(property = HealthCheck.NAME + "=${artifactId}")
public final class DataFolderHealth implements HealthCheck {

    private final NodeContext node;

    @Activate
    public DataFolderHealth(@Reference NodeContext node) {
        this.node = node;
    }

    @Override
    public HealthResult check() {
        Path folder;
        try {
            folder = node.dataFolder();
        } catch (UncheckedIOException e) {
            // A restart would not help (a file in the folder's place, a full disk): degraded, not down
            return HealthResult.degraded("no data folder: " + e.getCause());
        }
        return Files.isWritable(folder) ? HealthResult.up("data folder " + folder)
                                        : HealthResult.degraded("data folder " + folder + " is not writable");
    }
}
