package org.qenex.monitoring.internal.collect;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.api.event.QenexTopics;

import org.qenex.monitoring.internal.rest.LatencyHistogram;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Blocks and confirmed transactions as the chain announces them ({@link QenexTopics#BLOCK}):
 * counters whose rate is blocks and transactions per second, and the age of the newest block, on
 * which the "no block" alert rule fires, and the import time the chain puts on the block it just
 * took ({@link QenexTopics#IMPORT_NANOS}). Counted here from events because {@code ChainView} only
 * knows the head as it is now.
 */
@Component(service = {EventHandler.class, MultiCollector.class, ChainActivity.class}, property = EventConstants.EVENT_TOPIC + "=" + QenexTopics.BLOCK)
public final class ChainActivity implements EventHandler, MultiCollector {

    private final Clock clock;
    private final long startedMillis;
    private final LongAdder blocks = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final AtomicLong newestBlockMillis = new AtomicLong(-1);
    private final LatencyHistogram importTimes = new LatencyHistogram();

    @Activate
    public ChainActivity() {
        this(Clock.systemUTC());
    }

    ChainActivity(Clock clock) {
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    @Override
    public void handleEvent(Event event) {
        blocks.increment();
        if (event.getProperty(QenexTopics.TRANSACTIONS) instanceof Number count) {
            transactions.add(count.longValue());
        }
        if (event.getProperty(QenexTopics.TIME) instanceof Number time) {
            newestBlockMillis.accumulateAndGet(time.longValue(), Math::max);
        }
        if (event.getProperty(QenexTopics.IMPORT_NANOS) instanceof Number took) {
            importTimes.record(took.longValue());
        }
    }

    /** Blocks counted since start (for the metric history's block time). */
    public long blocks() {
        return blocks.sum();
    }

    /** Transactions in those blocks. */
    public long transactions() {
        return transactions.sum();
    }

    /** The newest block's own timestamp, epoch millis; -1 before any block since start. */
    public long newestBlockMillis() {
        return newestBlockMillis.get();
    }

    @Override
    public MetricSnapshots collect() {
        return collect((Predicate<String>) null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> included) {
        return Families.select(included)
                .add("qenex_chain_blocks", () -> Families.counter("qenex_chain_blocks",
                        "Blocks that joined the main chain since monitoring started.", null, blocks.sum()))
                .add("qenex_chain_transactions", () -> Families.counter("qenex_chain_transactions",
                        "Transactions in the blocks that joined the main chain since monitoring started (rate: transactions/s).",
                        null, transactions.sum()))
                .add("qenex_chain_head_age_seconds", () -> {
                    long newest = newestBlockMillis.get();
                    // Before the first block since start, the age counts from the start: a node that never gets one still alerts.
                    long since = newest < 0 ? startedMillis : newest;
                    return Families.gauge("qenex_chain_head_age_seconds",
                            "Seconds since the newest block's timestamp (since monitoring started, before any block).",
                            Unit.SECONDS, Math.max(0, clock.millis() - since) / 1000.0);
                })
                .add("qenex_chain_block_import_seconds", () -> HistogramSnapshot.builder().name("qenex_chain_block_import_seconds")
                        .help("Time from the chain taking a block (received, or assembled by this node) to the block durable, "
                                + "validation included, since monitoring started.")
                        .unit(Unit.SECONDS).dataPoint(importTimes.snapshot(Labels.EMPTY)).build())
                .snapshots();
    }
}
