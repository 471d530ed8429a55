package org.qenex.ai.internal.worker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.qenex.ai.internal.eval.CandidateRejectedException;
import org.qenex.ai.internal.eval.CpuBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training and scoring jobs in a {@link TrainingWorker} process and supervises it: its own
 * heap ({@code -Xmx}, exit on OutOfMemoryError), the lowest OS priority ({@code nice -n 19}), its
 * CPU time read from the operating system and charged to the job's {@link CpuBudget}. A job that
 * would overrun the budget, or that exhausts the heap, ends the worker ({@code SIGKILL}, or its own
 * exit) and is refused; the node is untouched and the next job starts a fresh worker.
 *
 * <p>While {@code holdBack} answers true (the node's service is under load) the worker is paused
 * ({@code SIGSTOP}) between checks and resumed ({@code SIGCONT}) when it answers false: background
 * training then takes no CPU at all from the service. One job at a time; the worker is reused
 * between jobs and ended by {@link #close()}.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    /** Once per node: the first worker this node starts looks for orphans (off the start, where memory is needed). */
    private static final AtomicBoolean ORPHANS_REAPED = new AtomicBoolean();
    private static final long CHECK_MILLIS = 50;
    /** Ample for a JVM to start and load Weka on a loaded machine; the worker is not charged for it. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** A job may take this many times its CPU budget in running (not paused) wall time. */
    private static final int WALL_PER_CPU = 10;
    private static final int MAX_ANSWER_MODEL_BYTES = 64 * 1024 * 1024;

    private final WorkerSettings settings;
    private final BooleanSupplier holdBack;
    private volatile Process process;
    private DataInputStream answers;
    private DataOutputStream jobs;
    private volatile boolean closed;
    private volatile boolean paused;

    /** What one job gave: the model's bytes and the predicted classes per split, in the order sent. */
    public record Answer(byte[] model, List<int[]> predictions) {
    }

    public WorkerProcess(WorkerSettings settings, BooleanSupplier holdBack) {
        this.settings = settings;
        this.holdBack = holdBack;
    }

    /** The memory budget of one job, in MB. */
    public int heapMegabytes() {
        return settings.heapMegabytes();
    }

    /**
     * Runs one job and waits for its answer, charging the worker's CPU time to {@code budget}.
     *
     * @param kind {@link TrainingWorker#TRAIN} or {@link TrainingWorker#SCORE}
     * @param pipeline the serialized untrained pipeline (TRAIN) or trained model (SCORE)
     * @param training the serialized training rows (TRAIN), else {@code null}
     * @param splits the serialized splits to score
     * @throws CandidateRejectedException over the CPU budget, over the memory budget, refused by Weka,
     *         or stopped because the node is shutting down
     */
    public synchronized Answer run(int kind, byte[] pipeline, byte[] training, List<byte[]> splits, CpuBudget budget,
            String stage) {
        if (closed) {
            throw stopped(stage);
        }
        byte[] job = job(kind, pipeline, training, splits);
        try {
            ensureStarted(stage);
            long cpuAtStart = cpuNanos();
            jobs.writeInt(job.length);
            jobs.write(job);
            jobs.flush();
            return await(budget, stage, cpuAtStart);
        } catch (IOException e) {
            // The worker died while taking the job or answering: ended by the OS, or out of memory.
            return failed(stage, e);
        }
    }

    private Answer await(CpuBudget budget, String stage, long cpuAtStart) throws IOException {
        long cpuLimit = budget.remainingNanos();
        long wallLimit = cpuLimit > Long.MAX_VALUE / WALL_PER_CPU ? Long.MAX_VALUE
                : Math.max(TimeUnit.SECONDS.toNanos(60), cpuLimit * WALL_PER_CPU);
        long runningNanos = 0;
        long last = System.nanoTime();
        boolean paused = false;
        this.paused = false;
        try {
            while (answers.available() == 0) {
                if (!process.isAlive()) {
                    return failed(stage, null);
                }
                long used = cpuNanos() - cpuAtStart;
                if (used > cpuLimit) {
                    budget.charge(used);
                    kill();
                    throw new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET, "stopped after "
                            + TimeUnit.NANOSECONDS.toMillis(cpuLimit) + " ms of CPU during " + stage + ": over the budget");
                }
                long now = System.nanoTime();
                if (!paused) {
                    runningNanos += now - last;
                }
                last = now;
                if (runningNanos > wallLimit) {
                    budget.charge(used);
                    kill();
                    throw new CandidateRejectedException(CandidateRejectedException.OVER_BUDGET, "stopped after "
                            + TimeUnit.NANOSECONDS.toSeconds(runningNanos) + " s of running time during " + stage);
                }
                boolean hold = holdBack.getAsBoolean();
                if (hold != paused) {
                    paused = signal(hold ? "-STOP" : "-CONT") ? hold : paused;
                    this.paused = paused;
                }
                Thread.sleep(CHECK_MILLIS);
            }
            if (paused) {
                signal("-CONT");
                this.paused = false;
            }
            Answer answer = read(stage);
            budget.charge(cpuNanos() - cpuAtStart);
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw stopped(stage);
        }
    }

    /**
     * Kills the training workers among {@code processes} whose node is gone. A worker ends itself when
     * its node dies (its parent watch), unless the node had paused it (SIGSTOP) at that moment: then it
     * never runs again and holds its heap for ever (found after nodes killed by an out-of-memory
     * exit). A worker whose node is alive, this one or another on the machine, is left alone.
     *
     * @return how many were killed
     */
    static int reapOrphans(Stream<ProcessHandle> processes, long self) {
        String marker = TrainingWorker.class.getName();
        return (int) processes.filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .filter(p -> orphaned(p.parent(), self))
                .filter(ProcessHandle::destroyForcibly)
                .count();
    }

    /** Whether a process with {@code parent} was left by its node: no parent, a dead one, or init (unless we are init). */
    static boolean orphaned(Optional<ProcessHandle> parent, long self) {
        return parent.map(p -> p.pid() != self && (!p.isAlive() || p.pid() == 1)).orElse(true);
    }

    private static CandidateRejectedException stopped(String stage) {
        return new CandidateRejectedException(CandidateRejectedException.STOPPED,
                "stopped during " + stage + ": the node is shutting down");
    }

    private Answer read(String stage) throws IOException {
        int status = answers.readInt();
        if (status == TrainingWorker.REFUSED) {
            throw new CandidateRejectedException(CandidateRejectedException.TRAINING_FAILED,
                    "cannot be trained or scored (" + stage + "): " + answers.readUTF());
        }
        if (status != TrainingWorker.OK) {
            // Not an answer: the JVM's own last words ("Terminating due to java.lang.OutOfMemoryError")
            // if it wrote them to standard output; the exit code tells.
            return failed(stage, null);
        }
        int length = answers.readInt();
        if (length < 0 || length > MAX_ANSWER_MODEL_BYTES) {
            kill();
            throw new CandidateRejectedException(CandidateRejectedException.MODEL_TOO_LARGE,
                    "the model of " + stage + " is " + length / 1024 + " KiB");
        }
        byte[] model = new byte[length];
        answers.readFully(model);
        int count = answers.readInt();
        List<int[]> predictions = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int[] predicted = new int[answers.readInt()];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = answers.readInt();
            }
            predictions.add(predicted);
        }
        return new Answer(model, predictions);
    }

    private Answer failed(String stage, IOException cause) {
        Process dead = process;
        if (closed || Thread.currentThread().isInterrupted()) {
            kill();
            throw stopped(stage);
        }
        if (dead == null) {
            throw new IllegalStateException("the training worker cannot be started: " + cause, cause);
        }
        int exit;
        try {
            exit = dead.waitFor(5, TimeUnit.SECONDS) ? dead.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        kill();
        if (exit == TrainingWorker.OUT_OF_MEMORY_EXIT) {
            throw new CandidateRejectedException(CandidateRejectedException.OVER_MEMORY, "refused: exceeded the memory "
                    + "budget of " + settings.heapMegabytes() + " MB during " + stage);
        }
        LOG.warn("The training worker ended during {} (exit code {}), see {}", stage, exit,
                settings.directory().resolve("worker.log"), cause);
        throw new CandidateRejectedException(CandidateRejectedException.TRAINING_FAILED,
                "the training worker ended during " + stage + " (exit code " + exit + ")");
    }

    private void ensureStarted(String stage) throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        kill();
        if (ORPHANS_REAPED.compareAndSet(false, true)) {
            int reaped = reapOrphans(ProcessHandle.allProcesses(), ProcessHandle.current().pid());
            if (reaped > 0) {
                LOG.warn("Killed {} training worker(s) a node left behind when it was killed", reaped);
            }
        }
        Files.createDirectories(settings.directory());
        List<String> command = new ArrayList<>();
        if (settings.lowPriority() && niceAvailable()) {
            command.addAll(List.of("nice", "-n", "19"));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path wekaHome = settings.directory().resolve("wekafiles").toAbsolutePath();
        command.addAll(List.of(java.toString(), "-Xmx" + settings.heapMegabytes() + "m", "-Xss4m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=128m",
                "-XX:ActiveProcessorCount=1", "-Djava.awt.headless=true", "-DWEKA_HOME=" + wekaHome,
                "-Dweka.packageManager.offline=true", "-Dweka.packageManager.loadPackages=false",
                "-cp", settings.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                TrainingWorker.class.getName()));
        process = new ProcessBuilder(command)
                .redirectError(settings.directory().resolve("worker.log").toFile())
                .start();
        answers = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        jobs = new DataOutputStream(process.getOutputStream());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (answers.available() < 4) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    kill();
                    throw new IllegalStateException("the training worker did not start (see "
                            + settings.directory().resolve("worker.log") + ")");
                }
                Thread.sleep(CHECK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw stopped(stage);
        }
        if (answers.readInt() != TrainingWorker.READY) {
            kill();
            throw new IllegalStateException("the training worker did not start properly");
        }
        LOG.debug("Training worker {} started: {}", process.pid(), command);
    }

    /** Whether the worker is stopped now because the service is busy. */
    public boolean paused() {
        return paused;
    }

    /** The pid of the running worker, if one runs (for the node's CPU report and tests). */
    public java.util.OptionalLong pid() {
        Process running = process; // not synchronized: a job holds the lock for as long as it runs
        return running != null && running.isAlive() ? java.util.OptionalLong.of(running.pid()) : java.util.OptionalLong.empty();
    }

    private long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false; // no kill command: the worker keeps running at its low priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
            answers = null;
            jobs = null;
        }
    }

    private static boolean niceAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "nice"))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] job(int kind, byte[] pipeline, byte[] training, List<byte[]> splits) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(kind);
            out.writeObject(pipeline);
            out.writeObject(training);
            out.writeObject(splits.toArray(byte[][]::new));
        } catch (IOException e) {
            throw new IllegalStateException("writing a job in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Ends the worker; jobs waiting or running are refused as stopped. */
    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            running.destroyForcibly(); // the job's thread sees it dead and answers; it clears the fields
        }
    }
}
