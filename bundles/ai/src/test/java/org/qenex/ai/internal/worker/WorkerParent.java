package org.qenex.ai.internal.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;

/** A stand-in node for {@link WorkerProcessTest}: starts a long training, prints its worker's pid, waits to be killed. */
public final class WorkerParent {

    private WorkerParent() {
    }

    public static void main(String[] args) throws Exception {
        WorkerProcess worker = new WorkerProcess(new WorkerSettings(WorkerClassPath.ofThisJvm(),
                Path.of("target", "worker-orphan"), 256, true), () -> false);
        PipelineEvaluator evaluator = new PipelineEvaluator(new PipelineFactory(new WekaAllowList()), worker);
        CompletableFuture.runAsync(() -> evaluator.train(new SpecJson().readPipeline("{\"learner\":\"J48\",\"filters\":"
                + "[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"500\"]}]}"),
                BuiltInTaskFixtures.named("language.fortunes"), CpuBudget.open(Duration.ofMinutes(10))));
        while (worker.pid().isEmpty()) {
            Thread.sleep(50);
        }
        System.out.println("WORKER " + worker.pid().getAsLong());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
