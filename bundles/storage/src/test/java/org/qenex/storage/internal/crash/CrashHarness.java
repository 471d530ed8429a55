package org.qenex.storage.internal.crash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.api.storage.Store;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageEngine;

/**
 * The child process of the crash test: writes batches as fast as it can from four threads and
 * prints {@code ACK <id>} for each batch once {@code commit()} returned, until it is killed.
 * Each batch {@code id} writes {@value #KEYS_PER_BATCH} keys {@code <id>/<n>} in two namespaces,
 * so a partially applied batch is visible as a batch with some keys missing. Checkpoints, journal
 * rolls and backups run meanwhile, so kills land in every phase.
 *
 * <p>Arguments: store folder, first batch id, random seed.
 */
public final class CrashHarness {

    public static final int KEYS_PER_BATCH = 6;

    private CrashHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long firstId = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        EngineSettings settings = EngineSettings.defaults(root).withSegmentBytes(256 * 1024)
                .withCheckpoint(Duration.ofMillis(50 + random.nextInt(300)), 200 + random.nextInt(2000))
                .withRetention(2, Duration.ofDays(1)).withDiskLowBytes(0);
        StorageEngine store = StorageEngine.open(settings, IncidentSink.NONE);
        PrintStream out = System.out;
        out.println("OPEN");
        out.flush();
        Namespace<String, String> a = store.namespace("crash-a", Compression.LZ4, Codecs.STRING, Codecs.STRING);
        Namespace<String, String> b = store.namespace("crash-b", Codecs.STRING, Codecs.STRING);
        AtomicLong next = new AtomicLong(firstId);
        String filler = "x".repeat(random.nextInt(400));
        Runnable writer = () -> {
            while (true) {
                long id = next.getAndIncrement();
                var batch = store.batch();
                for (int n = 0; n < KEYS_PER_BATCH; n++) {
                    batch.put(n % 2 == 0 ? a : b, id + "/" + n, id + ":" + n + filler);
                }
                batch.commit();
                synchronized (out) {
                    out.println("ACK " + id);
                    out.flush();
                }
            }
        };
        for (int t = 2; t <= 4; t++) {
            Thread more = new Thread(writer, "crash-writer-" + t);
            more.setDaemon(true);
            more.start();
        }
        Thread backups = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(150 + random.nextInt(400));
                    store.backup();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "crash-backups");
        backups.setDaemon(true);
        backups.start();
        writer.run();
    }

    /** The keys of batch {@code id} in their namespaces, for checking. */
    static String key(long id, int n) {
        return id + "/" + n;
    }

    static Namespace<String, String> namespaceOf(Store store, int n) {
        return store.namespace(n % 2 == 0 ? "crash-a" : "crash-b", Codecs.STRING, Codecs.STRING);
    }
}
