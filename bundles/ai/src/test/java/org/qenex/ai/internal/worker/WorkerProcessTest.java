package org.qenex.ai.internal.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.Test;
import org.qenex.ai.internal.BuiltInTaskFixtures;
import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.eval.CpuBudget;
import org.qenex.ai.internal.eval.PipelineEvaluator;
import org.qenex.ai.internal.eval.TaskInstances;
import org.qenex.ai.internal.spec.PipelineSpec;
import org.qenex.ai.internal.spec.SpecJson;
import org.qenex.ai.internal.weka.PipelineFactory;
import org.qenex.ai.internal.weka.WekaAllowList;

public class WorkerProcessTest {

    private final SpecJson json = new SpecJson();
    private final PipelineFactory factory = new PipelineFactory(new WekaAllowList());

    /** Whose workers a node may kill: only those whose node is gone, never a live node's (another node's on this machine). */
    @Test
    public void anOrphanIsAWorkerWithoutALiveNode() throws Exception {
        long self = ProcessHandle.current().pid();
        assertTrue("no parent at all", WorkerProcess.orphaned(Optional.empty(), self));
        assertFalse("this node's own worker", WorkerProcess.orphaned(Optional.of(ProcessHandle.current()), self));
        assertFalse("another live node's worker", WorkerProcess.orphaned(Optional.of(ProcessHandle.current()), -1));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(10, TimeUnit.SECONDS);
        assertTrue("its node is gone", WorkerProcess.orphaned(Optional.of(ended.toHandle()), self));
        ProcessHandle init = ProcessHandle.of(1).orElseThrow();
        assertTrue("handed to init when its node died", WorkerProcess.orphaned(Optional.of(init), self));
        assertFalse("unless this node is init (a container's first process)", WorkerProcess.orphaned(Optional.of(init), 1));

        // a live worker of this node (the marker in its command line), paused as the node pauses workers, is left alone
        Process worker = new ProcessBuilder("sh", "-c", "sleep 30", TrainingWorker.class.getName()).start();
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(worker.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertEquals(0, WorkerProcess.reapOrphans(Stream.of(worker.toHandle()), self));
            assertTrue(worker.isAlive());
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    public void theWorkerIsPausedWhileTheServiceIsBusyAndResumedAfter() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        WorkerProcess worker = new WorkerProcess(new WorkerSettings(WorkerClassPath.ofThisJvm(),
                Path.of("target", "worker-paused"), 256, true), busy::get);
        PipelineEvaluator evaluator = new PipelineEvaluator(factory, worker);
        TaskInstances language = BuiltInTaskFixtures.named("language.fortunes");
        // J48 on 500 word features: minutes of CPU, far longer than this test looks at it.
        PipelineSpec slow = json.readPipeline("{\"learner\":\"J48\",\"filters\":[{\"name\":\"StringToWordVector\","
                + "\"options\":[\"-W\",\"500\"]}]}");
        CompletableFuture<Object> job = CompletableFuture.supplyAsync(() -> evaluator.train(slow, language,
                CpuBudget.open(Duration.ofMinutes(10))));
        try {
            long pid = awaitPid(worker);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!worker.paused() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the job goes out, then the supervisor stops the worker at its next check
            }
            assertTrue("paused", worker.paused());
            // The kernel's own word instead of watching the CPU clock for a while: a process in state T
            // (SIGSTOP) is not scheduled at all, so it takes no CPU from the service.
            assertEquals("the process is stopped (SIGSTOP)", 'T', state(pid));
            Duration before = cpu(pid);

            busy.set(false);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cpu(pid).compareTo(before.plusMillis(200)) <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue("resumed: it uses CPU again", cpu(pid).compareTo(before.plusMillis(200)) > 0);
            assertTrue(!worker.paused());
        } finally {
            worker.close();
        }
        try {
            job.get(30, TimeUnit.SECONDS);
            fail("a closed worker cannot finish the job");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof CandidateRejectedException);
            assertEquals(CandidateRejectedException.STOPPED, ((CandidateRejectedException) e.getCause()).code());
        }
    }

    @Test
    public void aWorkerWhoseNodeDiedEndsItself() throws Exception {
        // The "node" here is a plain JVM that starts a worker and is then killed with -9.
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerParent.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long workerPid;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream()))) {
            String line = lines.readLine();
            assertTrue("the node reports its worker: " + line, line != null && line.startsWith("WORKER "));
            workerPid = Long.parseLong(line.substring(7).trim());
        } finally {
            node.destroyForcibly();
        }
        node.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle worker = ProcessHandle.of(workerPid).orElse(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker != null && worker.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue("the orphaned worker " + workerPid + " still runs", worker == null || !worker.isAlive());
    }

    private static long awaitPid(WorkerProcess worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            OptionalLong pid = worker.pid();
            if (pid.isPresent()) {
                return pid.getAsLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the worker did not start");
    }

    /** The state letter of /proc/PID/stat (R running, S sleeping, T stopped). */
    private static char state(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElseThrow();
    }
}
