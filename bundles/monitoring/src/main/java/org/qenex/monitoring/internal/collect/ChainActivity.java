package org.qenex.monitoring.internal.collect;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.qenex.api.event.QenexTopics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Blocks and confirmed transactions as the chain announces them ({@link QenexTopics#BLOCK}):
 * counters whose rate is blocks and transactions per second, and the age of the newest block, on
 * which the "no block" alert rule fires. Counted here from events because {@code ChainView} only
 * knows the head as it is now.
 */
@Component(service = {EventHandler.class, MultiCollector.class}, property = EventConstants.EVENT_TOPIC + "=" + QenexTopics.BLOCK)
public final class ChainActivity implements EventHandler, MultiCollector {

    private final Clock clock;
    private final long startedMillis;
    private final LongAdder blocks = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final AtomicLong newestBlockMillis = new AtomicLong(-1);

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
    }

    @Override
    public MetricSnapshots collect() {
        long newest = newestBlockMillis.get();
        // Before the first block since start, the age counts from the start: a node that never gets one still alerts.
        long since = newest < 0 ? startedMillis : newest;
        return MetricSnapshots.of(
                Families.counter("qenex_chain_blocks", "Blocks that joined the main chain since monitoring started.", null,
                        blocks.sum()),
                Families.counter("qenex_chain_transactions",
                        "Transactions in the blocks that joined the main chain since monitoring started (rate: transactions/s).",
                        null, transactions.sum()),
                Families.gauge("qenex_chain_head_age_seconds",
                        "Seconds since the newest block's timestamp (since monitoring started, before any block).",
                        Unit.SECONDS, Math.max(0, clock.millis() - since) / 1000.0));
    }
}
