package org.qenex.storage.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.qenex.api.health.HealthStatus;
import org.qenex.api.storage.Store;

/** Shared set-up for store tests: settings in a temporary folder and an incident recorder. */
final class TestStores {

    private TestStores() {
    }

    static EngineSettings settings(Path root) {
        // Long checkpoint interval: tests checkpoint explicitly where it matters.
        return EngineSettings.defaults(root).withCheckpoint(Duration.ofMinutes(10), 1_000_000).withDiskLowBytes(0);
    }

    /** The store component on {@code settings}, with the node's default reserved prefixes. */
    static StorageComponent storage(EngineSettings settings, IncidentSink incidents) {
        return new StorageComponent(settings, incidents, NamespaceOwners.reservations(new String[] {"chain.=org.qenex.chain",
                "ai.=org.qenex.ai"}));
    }

    /** The store as bundle {@code bundle}, sharing nothing, sees it. */
    static Store store(StorageComponent storage, String bundle) {
        return new BundleStore(storage, new NamespaceClaimant(bundle, List.of()));
    }

    /** Records incidents so tests can assert that detections were reported. */
    static final class Incidents implements IncidentSink {
        final List<String> reported = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void report(HealthStatus severity, String cause, String action, String outcome) {
            reported.add(severity + ": " + cause + " / " + action + " / " + outcome);
        }

        boolean any(String fragment) {
            synchronized (reported) {
                return reported.stream().anyMatch(r -> r.contains(fragment));
            }
        }
    }
}
