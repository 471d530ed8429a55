package org.qenex.ai.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.TestContributor;
import org.qenex.ai.internal.TestWorkers;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.candidate.CandidateState;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.node.CumulativeModel;
import org.qenex.ai.internal.node.FixedCatalog;
import org.qenex.ai.internal.node.Improver;
import org.qenex.ai.internal.node.ImproverSettings;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.node.TestModels;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;

/**
 * No shell action prints a held-out row: with the language task (whose rows are text, so a leak is
 * recognisable) and an accepted version on it, the output of every {@code qenex:ai} action holds
 * none of the epoch's held-out texts, while the held-out row count is shown.
 */
public class HeldOutRowsNotShownTest {

    private static final String LANGUAGE = "language.fortunes";
    private static final TestContributor ALICE = TestContributor.create();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final WorkerProcess worker = TestWorkers.start();

    @After
    public void tearDown() {
        worker.close();
    }

    @Test
    public void noActionPrintsAHeldOutRow() throws Exception {
        TaskInstances language = BuiltInTaskFixtures.named(LANGUAGE);
        TaskCatalog catalog = FixedCatalog.of(language);
        CumulativeModel model = TestModels.model(new MemoryStore(), catalog, worker);
        ModelNode node = TestModels.node(model);
        Improver improver = new Improver(node, catalog, new ManualWorkScheduler(),
                FixedNodeContext.in(folder.newFolder().toPath()), new ImproverSettings(false, "qx1configured"));
        AiCommand command = new AiCommand(node, improver, catalog, ALICE.asWallet("alice", "alice-passphrase"),
                "alice-passphrase", () -> "tester");
        String words = "{\"pipelines\":{\"" + LANGUAGE + "\":{\"learner\":\"NaiveBayesMultinomial\",\"filters\":"
                + "[{\"name\":\"StringToWordVector\",\"options\":[\"-W\",\"300\",\"-L\"]}]}}}";

        StringBuilder shown = new StringBuilder();
        shown.append(run(command, "submit", "alice", words));
        CandidateRecord judged = model.judging().judgeNext().orElseThrow();
        assertEquals(judged.reason(), CandidateState.ACCEPTED, judged.state());
        for (List<String> action : List.of(List.of("status"), List.of("tasks"), List.of("versions"), List.of("verify"),
                List.of("improver", "status"), List.of("evaluate", words))) {
            shown.append(run(command, action.toArray(String[]::new)));
        }
        String output = shown.toString();
        assertTrue(output, output.contains(Integer.toString(language.heldOut().numInstances())));
        for (int i = 0; i < language.heldOut().numInstances(); i++) {
            String text = language.heldOut().instance(i).stringValue(0);
            assertFalse("held-out row shown: " + text, output.contains(text));
        }
    }

    private static String run(AiCommand command, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            command.run(words[0], List.of(words).subList(1, words.length), o, o);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
