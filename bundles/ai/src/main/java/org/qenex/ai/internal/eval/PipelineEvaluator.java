package org.qenex.ai.internal.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.worker.TrainingWorker;
import org.qenex.ai.internal.worker.WekaRows;
import org.qenex.ai.internal.worker.WorkerProcess;

import weka.classifiers.Classifier;
import weka.core.Instances;

/**
 * Trains a pipeline on a task's training rows and scores it on the public and held-out rows,
 * deterministically: the same specification and data give byte-identical model bytes. The
 * pipeline is built here ({@link PipelineFactory}, the allow-list), and trained and scored in the
 * {@link WorkerProcess}, which bounds its CPU time and memory: nothing a candidate does can exhaust
 * the node's own heap. Thread-safe (jobs take turns in the worker).
 */
public final class PipelineEvaluator {

    /** The largest model the store takes (one value). */
    public static final int MAX_MODEL_BYTES = 8 * 1024 * 1024;

    private final PipelineFactory factory;
    private final WorkerProcess worker;
    /** Splits serialized once, by task, data hash and split: the few most recently used. */
    private final Map<String, byte[]> serialized = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 12;
        }
    };

    public PipelineEvaluator(PipelineFactory factory, WorkerProcess worker) {
        this.factory = factory;
        this.worker = worker;
    }

    public TrainedModel train(PipelineSpec spec, TaskInstances task, CpuBudget budget) {
        return run(spec, task, budget, List.of()).model;
    }

    public TaskOutcome evaluate(PipelineSpec spec, TaskInstances task, CpuBudget budget) {
        Trained trained = run(spec, task, budget, List.of("public", "heldout"));
        return new TaskOutcome(task, spec, trained.model, predictions(trained.predicted.get(0), task.publicSplit()),
                predictions(trained.predicted.get(1), task.heldOut()));
    }

    /** Scores a trained model on the held-out rows (in the worker, as training is). */
    public Predictions scoreHeldOut(TrainedModel model, PipelineSpec spec, TaskInstances task) {
        WorkerProcess.Answer answer = worker.run(TrainingWorker.SCORE, model.bytes(), null,
                List.of(bytes(task, "heldout")), CpuBudget.unlimited(), "scoring on " + task.name());
        return predictions(answer.predictions().get(0), task.heldOut());
    }

    private record Trained(TrainedModel model, List<int[]> predicted) {
    }

    private Trained run(PipelineSpec spec, TaskInstances task, CpuBudget budget, List<String> splits) {
        Classifier untrained = factory.build(spec);
        String stage = "training on " + task.name();
        WorkerProcess.Answer answer = worker.run(TrainingWorker.TRAIN, ModelSerialization.bytes(untrained),
                bytes(task, "training"), splits.stream().map(split -> bytes(task, split)).toList(), budget, stage);
        budget.check(stage);
        TrainedModel model = new TrainedModel(answer.model());
        if (model.size() > MAX_MODEL_BYTES) {
            throw new CandidateRejectedException(CandidateRejectedException.MODEL_TOO_LARGE,
                    "the model for " + task.name() + " is " + model.size() / 1024 + " KiB, the limit is "
                            + MAX_MODEL_BYTES / 1024 + " KiB");
        }
        return new Trained(model, answer.predictions());
    }

    private static Predictions predictions(int[] predicted, Instances split) {
        int[] actual = new int[split.numInstances()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = (int) split.instance(i).classValue();
        }
        return new Predictions(predicted, actual);
    }

    private byte[] bytes(TaskInstances task, String split) {
        synchronized (serialized) {
            return serialized.computeIfAbsent(task.name() + "|" + task.dataHash() + "|" + split, key -> serialize(
                    switch (split) {
                        case "training" -> task.training();
                        case "public" -> task.publicSplit();
                        default -> task.heldOut();
                    }));
        }
    }

    private static byte[] serialize(Instances split) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(WekaRows.describe(split));
        } catch (IOException e) {
            throw new UncheckedIOException("serializing task rows in memory failed", e);
        }
        return bytes.toByteArray();
    }
}
