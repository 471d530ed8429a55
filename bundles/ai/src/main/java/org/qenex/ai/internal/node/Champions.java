package org.qenex.ai.internal.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.Predictions;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.eval.TrainedModel;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.version.VersionTask;

/**
 * The current {@link Champion}, kept in step with the tasks: rebuilt whenever the catalog's tasks
 * differ from the ones it was made for (a task came, went, or got new data), retraining where the
 * stored model no longer fits.
 */
public final class Champions {

    /** Retraining a champion may take longer than judging one candidate: it covers every task. */
    private static final int RETRAIN_BUDGET_FACTOR = 4;

    private final TaskCatalog catalog;
    private final VersionChain chain;
    private final PipelineEvaluator evaluator;
    private final Duration budget;
    private final SpecJson json = new SpecJson();
    private volatile Champion champion;

    public Champions(TaskCatalog catalog, VersionChain chain, PipelineEvaluator evaluator, Duration budget) {
        this.catalog = catalog;
        this.chain = chain;
        this.evaluator = evaluator;
        this.budget = budget;
    }

    /** The champion, rebuilt when the tasks changed since it was made. */
    public Champion current() {
        Champion current = champion;
        List<TaskInstances> tasks = catalog.tasks();
        if (current == null || !sameTasks(current, tasks)) {
            current = build(chain.latest(), tasks);
            champion = current;
        }
        return current;
    }

    /** The version chain changed under it (versions adopted from the chain): rebuilt at the next use. */
    void reload() {
        champion = null;
    }

    /** A new version was appended: {@code next} is its champion, with the models just trained. */
    void replace(Champion next) {
        champion = next;
    }

    private static boolean sameTasks(Champion champion, List<TaskInstances> tasks) {
        if (champion.tasks().size() != tasks.size()) {
            return false;
        }
        for (TaskInstances task : tasks) {
            ChampionTask held = champion.tasks().get(task.name());
            if (held == null || held.task() != task) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each current task's champion: the latest version's model when the task and its data are
     * unchanged; its pipeline retrained when the data changed (a new epoch); the majority-class
     * baseline for a task no version covers yet.
     */
    private Champion build(Optional<ModelVersion> latest, List<TaskInstances> tasks) {
        Map<String, ChampionTask> result = new TreeMap<>();
        for (TaskInstances task : tasks) {
            Optional<VersionTask> held = latest.flatMap(v -> v.task(task.name()));
            PipelineSpec pipeline = held.map(t -> json.readPipeline(t.pipeline())).orElse(PipelineSpec.BASELINE);
            TrainedModel model = null;
            if (held.isPresent() && held.get().dataHash().equals(task.dataHash())
                    && held.get().version().equals(task.version())) {
                model = chain.model(held.get().modelHash()).map(TrainedModel::new)
                        .filter(m -> m.hash().equals(held.get().modelHash())).orElse(null);
            }
            if (model == null) {
                model = evaluator.train(pipeline, task, CpuBudget.open(budget.multipliedBy(RETRAIN_BUDGET_FACTOR)));
            }
            Predictions heldOut = evaluator.scoreHeldOut(model, pipeline, task);
            result.put(task.name(), new ChampionTask(task, pipeline, model, heldOut));
        }
        return new Champion(latest, result);
    }
}
