package org.qenex.ai.internal.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateBook;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.Submitter;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.gate.GateSettings;
import org.qenex.ai.internal.gate.ImprovementGate;
import org.qenex.ai.internal.version.NodeKey;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageEngine;

/**
 * A node for {@link JudgingCrashTest}: opens the real store in a folder, starts the cumulative
 * model (which deals with candidates a previous run left marked as being judged) and prints every
 * candidate. {@code judge SPEC}: submits SPEC, prints {@code JUDGING id} once it is marked, and
 * judges it (the test kills this JVM meanwhile). {@code check SPEC}: submits and judges SPEC,
 * prints {@code JUDGED id state}, and exits.
 */
public final class JudgingCrashChild {

    private JudgingCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        StorageEngine store = StorageEngine.open(EngineSettings.defaults(Path.of(args[0]))
                .withCheckpoint(Duration.ofSeconds(2), 50_000).withDiskLowBytes(0), IncidentSink.NONE);
        WorkerProcess worker = TestWorkers.start();
        PipelineFactory factory = new PipelineFactory(new WekaAllowList());
        CumulativeModel model = new CumulativeModel(store,
                new FixedCatalog(List.of(BuiltInTaskFixtures.named("language.fortunes"),
                        BuiltInTaskFixtures.named("mathematics.product-relation"))),
                factory, new PipelineEvaluator(factory, worker), new ImprovementGate(GateSettings.DEFAULT),
                NodeKey.ephemeral(), Clock.systemUTC(), ModelLimits.withBudget(Duration.ofMinutes(10)));
        for (CandidateRecord record : new CandidateBook(store).all()) {
            System.out.println("CANDIDATE " + record.id() + " " + record.state() + " " + record.reason());
        }
        CandidateRecord submitted = model.intake().submit(Submitter.node(), TestContributor.create().sign(model.versions().latestHash(), args[2]));
        if (args[1].equals("judge")) {
            Thread marker = new Thread(() -> {
                while (model.candidates().get(submitted.id()).map(CandidateRecord::state).orElseThrow() != CandidateState.TRAINING) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.out.println("JUDGING " + submitted.id());
                System.out.flush();
            });
            marker.setDaemon(true);
            marker.start();
        }
        CandidateRecord judged = model.judging().judgeNext().orElseThrow();
        System.out.println("JUDGED " + judged.id() + " " + judged.state() + " " + judged.reason());
        System.out.flush();
        worker.close();
        store.close();
        System.exit(0);
    }
}
