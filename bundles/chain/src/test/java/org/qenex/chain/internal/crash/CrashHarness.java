package org.qenex.chain.internal.crash;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One life of a crash test's child: a JVM on the test's class path running a node, which the test
 * kills with SIGKILL at a moment it picks. The kill goes through the process handle: {@code
 * Process.destroyForcibly} also closes the pipe the test reads, which makes a pending {@code
 * readLine} fail with "Stream closed"; a killed child ends the read with end-of-stream instead.
 * A child that never gets going is killed after two minutes, so a test fails instead of hanging.
 * {@code -Dchain.crash.trials=N} sets how many lives the crash tests run.
 */
final class CrashHarness implements AutoCloseable {

    private final Process child;
    private final AtomicBoolean armed = new AtomicBoolean();

    private CrashHarness(Process child) {
        this.child = child;
        child.onExit().orTimeout(120, TimeUnit.SECONDS).exceptionally(timeout -> {
            child.toHandle().destroyForcibly();
            return child;
        });
    }

    /** How many lives a crash test runs: {@code -Dchain.crash.trials}, else {@code defaultTrials}. */
    static int trials(int defaultTrials) {
        return Integer.getInteger("chain.crash.trials", defaultTrials);
    }

    /** Starts {@code main} with {@code args} in a JVM of 256 MB; its standard error is discarded. */
    static CrashHarness start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and the serial collector: a child lives a few seconds, most of it starting up
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new CrashHarness(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /**
     * Kills the child {@code millis} from now, the first time it is called in this life; later calls
     * do nothing. Arm it on the child's first sign of work, so the kill lands at a random moment of the
     * load however slow the start (a cold JVM on a loaded machine) was.
     */
    void killIn(long millis) {
        if (!armed.compareAndSet(false, true)) {
            return;
        }
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            child.toHandle().destroyForcibly();
        }, "crash-killer");
        killer.setDaemon(true);
        killer.start();
    }

    /** Hands every line the child prints to {@code line}, until the child is dead. */
    void forEachLine(Consumer<String> line) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                line.accept(next);
            }
        }
    }

    /** Makes sure the child is dead before the test reopens its store. */
    @Override
    public void close() throws InterruptedException {
        child.toHandle().destroyForcibly();
        assertTrue("the child did not die", child.waitFor(30, TimeUnit.SECONDS));
    }
}
