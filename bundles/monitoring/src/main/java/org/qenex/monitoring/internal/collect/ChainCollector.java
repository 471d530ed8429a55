package org.qenex.monitoring.internal.collect;

import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.chain.ChainView;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/** The ledger's head, read through {@link ChainView}; active only while the chain bundle provides one. */
@Component(service = MultiCollector.class)
public final class ChainCollector implements MultiCollector {

    private final ChainView chain;

    @Activate
    public ChainCollector(@Reference ChainView chain) {
        this.chain = chain;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        return Families.select(included)
                .add("qenex_chain", () -> InfoSnapshot.builder().name("qenex_chain")
                        .help("The chain this node follows: its id from the genesis file.")
                        .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("chain_id", chain.chainId())).build())
                        .build())
                .add("qenex_chain_height", () -> Families.gauge("qenex_chain_height", "Height of the head block (genesis is 0).",
                        null, chain.height()))
                .add("qenex_chain_mempool_transactions", () -> Families.gauge("qenex_chain_mempool_transactions",
                        "Transactions waiting for a block.", null, chain.pendingTransactions()))
                .add("qenex_chain_minted_base_units", () -> Families.gauge("qenex_chain_minted_base_units",
                        "Base units minted so far, the sum of every balance (1 QXC = 100000000 base units).", null,
                        chain.mintedUnits()))
                .add("qenex_chain_max_supply_base_units", () -> Families.gauge("qenex_chain_max_supply_base_units",
                        "The most base units that can ever exist.", null, chain.maxSupplyUnits()))
                .snapshots();
    }
}
