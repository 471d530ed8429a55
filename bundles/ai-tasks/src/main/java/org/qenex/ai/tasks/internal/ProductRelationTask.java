package org.qenex.ai.tasks.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.TaskData;
import org.qenex.api.node.NodeContext;

/**
 * The mathematics task: the relation of two products ({@link ProductRelationGenerator}), 4,000
 * training and 1,000 public rows from fixed public seeds, 4,000 held-out rows from a seed derived
 * from the held-out secret ({@link HeldOutSecret}: configured, or this node's own) and the epoch.
 */
@Component(service = BenchmarkTask.class, configurationPid = "org.qenex.ai.tasks.mathematics")
@Designate(ocd = ProductRelationConfiguration.class)
public final class ProductRelationTask extends BuiltInTask {

    static final long TRAINING_SEED = 0x51E7A11L;
    static final long PUBLIC_SEED = 0x9B11CL;
    static final int TRAINING_ROWS = 4_000;
    static final int PUBLIC_ROWS = 1_000;
    static final int HELD_OUT_ROWS = 4_000;

    @Activate
    public ProductRelationTask(ProductRelationConfiguration config, @Reference NodeContext node) {
        this(HeldOutSecret.of(config.heldOutSecret(), HeldOutSecret.FILE, node), new HeldOutEpoch(config.epoch(), config.epochHours(), Clock.systemUTC()));
    }

    /** With the network's held-out secret and a fixed epoch: for tools and tests. */
    public ProductRelationTask(String heldOutSecret, long epoch) {
        this(heldOutSecret, new HeldOutEpoch(epoch, 0, Clock.systemUTC()));
    }

    ProductRelationTask(String secret, HeldOutEpoch epoch) {
        super(current -> new TaskData(
                ProductRelationGenerator.generate(TRAINING_SEED, TRAINING_ROWS),
                ProductRelationGenerator.generate(PUBLIC_SEED, PUBLIC_ROWS),
                ProductRelationGenerator.generate(HeldOutSecret.seed(secret, current), HELD_OUT_ROWS)), epoch);
    }

    @Override
    public String domain() {
        return "mathematics";
    }

    @Override
    public String name() {
        return "mathematics.product-relation";
    }

    @Override
    public String description() {
        return "Whether a*b is less than, close to (within 15) or greater than c*d, for integers 1..30, "
                + "with two distractor columns.";
    }
}
