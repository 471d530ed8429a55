package org.qenex.monitoring.internal.collect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** How many of the framework's bundles are in each state: a bundle that fails to start shows up here. */
@Component(service = MultiCollector.class)
public final class BundleCollector implements MultiCollector {

    private final BundleContext context;

    @Activate
    public BundleCollector(BundleContext context) {
        this.context = context;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        return Families.select(included).add("qenex_bundles", () -> Families.gauge("qenex_bundles",
                "Bundles installed in the framework, by state.", null, "state", countByState(context.getBundles())))
                .snapshots();
    }

    /** Every state a listed bundle can be in, zeros included, so a series never vanishes. */
    static Map<String, Integer> countByState(Bundle[] bundles) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : new String[] {"active", "installed", "resolved", "starting", "stopping"}) {
            counts.put(state, 0);
        }
        for (Bundle bundle : bundles) {
            counts.merge(stateName(bundle.getState()), 1, Integer::sum);
        }
        return counts;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }
}
