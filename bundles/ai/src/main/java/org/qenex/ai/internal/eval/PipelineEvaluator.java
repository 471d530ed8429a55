package org.qenex.ai.internal.eval;

import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.weka.PipelineFactory;

import weka.classifiers.Classifier;
import weka.classifiers.meta.FilteredClassifier;
import weka.core.Instances;
import weka.filters.Filter;

/**
 * Trains a pipeline on a task's training rows and scores it on the public and held-out rows,
 * deterministically: the same specification and data give byte-identical model bytes. Training
 * and scoring run under a {@link CpuWatchdog}, which waits for them on the calling thread. Thread-safe.
 */
public final class PipelineEvaluator {

    /** The largest model the store takes (one value). */
    public static final int MAX_MODEL_BYTES = 8 * 1024 * 1024;

    private final PipelineFactory factory;
    private final CpuWatchdog watchdog;
    private final Scorer scorer = new Scorer();
    private final FilteredSplitCache filtered = new FilteredSplitCache();
    private final SpecJson json = new SpecJson();

    public PipelineEvaluator(PipelineFactory factory, CpuWatchdog watchdog) {
        this.factory = factory;
        this.watchdog = watchdog;
    }

    public TrainedModel train(PipelineSpec spec, TaskInstances task, CpuBudget budget) {
        Classifier classifier = factory.build(spec);
        watchdog.run(budget, "training on " + task.name(), () -> {
            try {
                // A copy: some learners rearrange the rows they are given.
                classifier.buildClassifier(new Instances(task.training()));
                return classifier;
            } catch (SpecRejectedException | CandidateRejectedException e) {
                throw e;
            } catch (Exception | LinkageError | OutOfMemoryError e) {
                throw new CandidateRejectedException(CandidateRejectedException.TRAINING_FAILED,
                        spec.learner() + " cannot be trained on " + task.name() + ": " + e.getMessage());
            }
        });
        budget.check("training on " + task.name());
        TrainedModel model = ModelSerialization.write(classifier);
        if (model.size() > MAX_MODEL_BYTES) {
            throw new CandidateRejectedException(CandidateRejectedException.MODEL_TOO_LARGE,
                    "the model for " + task.name() + " is " + model.size() / 1024 + " KiB, the limit is "
                            + MAX_MODEL_BYTES / 1024 + " KiB");
        }
        return model;
    }

    public TaskOutcome evaluate(PipelineSpec spec, TaskInstances task, CpuBudget budget) {
        TrainedModel model = train(spec, task, budget);
        Predictions publicPredictions = watchdog.run(budget, "scoring on " + task.name(),
                () -> score(model, spec, task, task.publicSplit(), "public"));
        Predictions heldOut = watchdog.run(budget, "scoring on " + task.name(),
                () -> score(model, spec, task, task.heldOut(), "heldout"));
        budget.check("scoring on " + task.name());
        return new TaskOutcome(task, spec, model, publicPredictions, heldOut);
    }

    /** Scores a trained model (a fresh copy of it) on the held-out rows. */
    public Predictions scoreHeldOut(TrainedModel model, PipelineSpec spec, TaskInstances task) {
        return score(model, spec, task, task.heldOut(), "heldout");
    }

    private Predictions score(TrainedModel model, PipelineSpec spec, TaskInstances task, Instances split, String name) {
        Classifier copy = ModelSerialization.read(model);
        if (!(copy instanceof FilteredClassifier pipeline)) {
            return scorer.score(copy, split);
        }
        String key = task.name() + "|" + task.dataHash() + "|" + name + "|" + json.node(spec).get("filters");
        Instances input = filtered.get(key, () -> Filter.useFilter(new Instances(split), pipeline.getFilter()));
        return scorer.score(pipeline.getClassifier(), input);
    }
}
