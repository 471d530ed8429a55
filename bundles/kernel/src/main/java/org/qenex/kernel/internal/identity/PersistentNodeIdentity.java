package org.qenex.kernel.internal.identity;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.qenex.kernel.internal.DataLocation;

/** The node id from {@code ${karaf.data}/qenex/node-id}, created on the node's first start. */
@Component(name = "org.qenex.kernel.identity", service = NodeIdentity.class)
public final class PersistentNodeIdentity implements NodeIdentity {

    private final String nodeId;
    private final String version;
    private final Instant startedAt;

    @Activate
    public PersistentNodeIdentity(BundleContext context) throws IOException {
        this.nodeId = new NodeIdFile(DataLocation.of(context).qenexDir().resolve("node-id"))
                .loadOrCreate(new SecureRandom());
        this.version = context.getBundle().getVersion().toString();
        // The JVM's start, not this component's: restarting the kernel bundle does not restart the node.
        this.startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }
}
