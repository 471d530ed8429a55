package org.qenex.ai.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.After;
import org.junit.Before;
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
import org.qenex.ai.internal.node.ImproverConfiguration;
import org.qenex.ai.internal.node.ImproverSettings;
import org.qenex.ai.internal.node.ModelNode;
import org.qenex.ai.internal.node.TaskCatalog;
import org.qenex.ai.internal.node.TestModels;
import org.qenex.ai.internal.spec.SpecRejectedException;
import org.qenex.ai.internal.version.VersionChain;
import org.qenex.ai.internal.worker.WorkerProcess;
import org.qenex.api.node.testing.FixedNodeContext;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.testing.MemoryStore;
import org.qenex.api.work.testing.ManualWorkScheduler;

/** {@code qenex:ai}: dispatch, one-line errors, and the output of the actions on a real model. */
public class AiCommandTest {

    private static final String MATHEMATICS = "mathematics.product-relation";
    private static final String J48 = "{\"pipelines\":{\"" + MATHEMATICS + "\":{\"learner\":\"J48\"}}}";
    private static final TestContributor ALICE = TestContributor.create();
    private static final List<String> ACTIONS = List.of("status", "tasks", "versions", "submit", "evaluate", "verify",
            "improver");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final WorkerProcess worker = TestWorkers.start();
    private final ManualWorkScheduler scheduler = new ManualWorkScheduler();
    private MemoryStore store;
    private CumulativeModel model;
    private TaskInstances mathematics;
    private AiCommand command;
    private AiCommand wrongPassphrase;

    @Before
    public void setUp() throws Exception {
        mathematics = BuiltInTaskFixtures.named(MATHEMATICS);
        TaskCatalog catalog = FixedCatalog.of(mathematics);
        store = new MemoryStore();
        model = TestModels.model(store, catalog, worker);
        ModelNode node = TestModels.node(model);
        Improver improver = new Improver(node, catalog, scheduler, FixedNodeContext.in(folder.newFolder().toPath()), config());
        command = new AiCommand(node, improver, catalog, ALICE.asWallet("alice", "alice-passphrase"), "alice-passphrase",
                () -> "tester");
        wrongPassphrase = new AiCommand(node, improver, catalog, ALICE.asWallet("alice", "alice-passphrase"), "guessed",
                () -> "tester");
    }

    @After
    public void tearDown() {
        worker.close();
    }

    @Test
    public void anUnknownActionIsOneLineOnStandardErrorNamingEveryAction() {
        Output result = run("statsu");
        assertEquals("", result.out);
        List<String> lines = result.errLines();
        assertEquals(result.err, 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith("unknown action statsu; use "));
        for (String action : ACTIONS) {
            assertTrue(action + " missing from: " + lines.get(0), lines.get(0).contains(action));
        }
    }

    @Test
    public void aMissingOrSurplusArgumentIsOneLineAndDoesNothing() {
        assertOneErrorLine(run("submit", "alice"), "missing 'JSON' for submit; use status | tasks");
        assertOneErrorLine(run("submit"), "missing WALLET for submit; use ");
        assertOneErrorLine(run("evaluate"), "missing 'JSON' for evaluate; use ");
        assertOneErrorLine(run("verify", "now"), "too many arguments for verify; use ");
        assertOneErrorLine(run("submit", "alice", "{\"pipelines\":", "{}}"), "too many arguments for submit; use ");
        assertOneErrorLine(run("improver"), "missing start|stop|status for improver; use ");
        assertOneErrorLine(run("improver", "pause"), "unknown improver action pause; use ");
        assertEquals(0, model.candidates().queued());
        assertTrue("the improver was touched: " + scheduler.names(), scheduler.names().isEmpty());
    }

    @Test
    public void aRefusedSpecificationIsOneErrorLineWithItsCode() {
        assertOneErrorLine(run("submit", "alice", "{\"pipelines\":{\"no.such-task\":{\"learner\":\"J48\"}}}"),
                SpecRejectedException.UNKNOWN_TASK + ": ");
        assertOneErrorLine(run("submit", "bob", J48), "no wallet named bob");
        assertOneErrorLine(run(wrongPassphrase, "submit", "alice", J48), "wrong_passphrase: ");
        assertOneErrorLine(run("evaluate", "{not json"), SpecRejectedException.MALFORMED + ": not JSON");
        assertEquals(0, model.candidates().queued());
    }

    @Test
    public void verifyPrintsIntactOrTheFirstBrokenLink() {
        assertEquals(List.of("intact: 0 versions"), run("verify").outLines());

        Output submitted = run("submit", "alice", J48);
        assertEquals(submitted.err, "", submitted.err);
        String id = submitted.out.substring(0, submitted.out.indexOf(' '));
        assertEquals(List.of(id + " queued for " + ALICE.address() + "; see qenex:ai status or GET /api/v1/ai/candidates/"
                + id), submitted.outLines());
        assertTrue("signed by the wallet", model.candidates().get(id).orElseThrow().signed().orElseThrow().verifies());
        CandidateRecord judged = model.judging().judgeNext().orElseThrow();
        assertEquals(judged.reason(), CandidateState.ACCEPTED, judged.state());

        assertEquals(List.of("intact: 1 versions"), run("verify").outLines());
        String hash = model.versions().all().get(0).hash();
        assertEquals("Version:   1 " + hash + " by " + ALICE.address(), run("status").outLines().get(0));
        assertTrue(run("versions").out.contains(hash.substring(0, 16)));

        var versions = store.namespace(VersionChain.VERSIONS, Codecs.LONG, Codecs.BYTES);
        byte[] original = versions.get(1L).orElseThrow();
        versions.put(1L, new String(original, StandardCharsets.UTF_8).replace(ALICE.address(), TestContributor.create().address())
                .getBytes(StandardCharsets.UTF_8));
        List<String> broken = run("verify").outLines();
        assertEquals(broken.toString(), 1, broken.size());
        assertTrue(broken.get(0), broken.get(0).startsWith("BROKEN at version 1: "));
    }

    @Test
    public void tasksListsEachTaskWithItsDataHash() {
        Output result = run("tasks");
        assertEquals("", result.err);
        assertTrue(result.out, result.out.contains(MATHEMATICS));
        assertTrue(result.out, result.out.contains(mathematics.dataHash().substring(0, 16)));
    }

    @Test
    public void improverStartsStopsAndReportsItself() {
        assertEquals(List.of("improver stopped"), run("improver", "status").outLines());
        assertEquals(List.of("improver running, crediting qx1configured"), run("improver", "start").outLines());
        assertEquals(List.of("ai-improver"), scheduler.names());
        assertEquals(List.of("improver running, crediting qx1configured"), run("improver", "status").outLines());
        assertEquals(List.of("improver stopped"), run("improver", "stop").outLines());
        assertEquals("Improver:  stopped", run("status").outLines().get(2));
    }

    private Output run(String... words) {
        return run(command, words);
    }

    private static Output run(AiCommand command, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            command.run(words[0], Arrays.asList(words).subList(1, words.length), o, e);
        }
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneErrorLine(Output result, String prefix) {
        assertEquals(result.out, "", result.out);
        List<String> lines = result.errLines();
        assertEquals(result.err, 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).startsWith(prefix));
    }

    private record Output(String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static ImproverConfiguration config() {
        return new ImproverSettings(false, "qx1configured");
    }
}
