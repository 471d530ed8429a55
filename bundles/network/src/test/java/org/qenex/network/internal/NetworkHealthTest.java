package org.qenex.network.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.qenex.api.health.HealthResult;
import org.qenex.api.health.HealthStatus;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.SyncStatus;

/** The network's health check: DEGRADED alone while seeds are configured, or while too far behind. */
public class NetworkHealthTest {

    private static NetworkStatus status(int peers, SyncStatus sync) {
        return new NetworkStatus(true, "0.0.0.0", 8333, "k".repeat(64), 1, "qenex-test", "a".repeat(64), peers, 0, 8, 32, 3, 0,
                sync);
    }

    @Test
    public void upInSyncWithPeersOrAloneWithoutSeeds() {
        HealthResult up = NetworkComponent.health(status(2, SyncStatus.idle(40, 10)), true);
        assertEquals(HealthStatus.UP, up.status());
        assertTrue(up.message(), up.message().startsWith("in sync at height 40; 2 peers"));
        assertEquals(HealthStatus.UP, NetworkComponent.health(status(0, SyncStatus.idle(0, 10)), false).status());
    }

    @Test
    public void degradedWithoutPeersWhileSeededOrFarBehind() {
        assertEquals(HealthStatus.DEGRADED, NetworkComponent.health(status(0, SyncStatus.idle(0, 10)), true).status());
        SyncStatus behind = new SyncStatus(false, true, 100, 900, 80.0, 10, 10, "");
        HealthResult result = NetworkComponent.health(status(3, behind), true);
        assertEquals(HealthStatus.DEGRADED, result.status());
        assertTrue(result.message(), result.message().startsWith("not in sync: height 100 of 900 (800 blocks behind, more than 10)"
                + ", 80.0 blocks/s, about 10 s left"));
    }
}
