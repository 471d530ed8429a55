package org.qenex.storage.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Compression;
import org.qenex.api.storage.Namespace;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.StorageEngine;

/**
 * Issue 15's tail in the store alone: small commits (a transaction admission: one 32-byte key and
 * a 200-byte value each) at {@code bench.rate}/s from {@code bench.threads} threads, while every
 * {@code bench.blockMillis} another thread commits a block's batch as the chain writes it (one
 * incompressible block of {@code bench.blockTxs} x 150 bytes, an index entry per transaction, 1,500
 * tree nodes, and, unless {@code bench.deletes=false}, the deletes of the admitted keys). Reports
 * the admissions' commit latency apart for those that began while a block's commit was running
 * and the rest, the block commits' own times, how long after its commit a block can be read (a
 * read waits until the index has the batch: the apply), a read of an earlier block, and the
 * process's CPU time over the run. Before the run, {@code bench.preloadBlocks} (64) blocks of the same
 * size are stored, as a node that has been running holds them (the store's B-tree nodes then hold
 * many blocks, or references to them).
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/bench.cp) org.qenex.storage.internal.bench.BlockBesideAdmissionsBench
 * </pre>
 */
public final class BlockBesideAdmissionsBench {

    private record Sample(long startNanos, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 30);
        int rate = Integer.getInteger("bench.rate", 1000);
        int threads = Integer.getInteger("bench.threads", 50);
        int blockMillis = Integer.getInteger("bench.blockMillis", 5000);
        int blockTxs = Integer.getInteger("bench.blockTxs", 5000);
        boolean deletes = Boolean.parseBoolean(System.getProperty("bench.deletes", "true"));
        int preloadBlocks = Integer.getInteger("bench.preloadBlocks", 64);
        Path dir = Files.createTempDirectory("qenex-block-bench");
        StorageEngine store = StorageEngine.open(EngineSettings.defaults(dir).withDiskLowBytes(0), (s, c, a, o) -> { });
        try {
            Namespace<byte[], byte[]> pool = store.namespace("chain.mempool", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
            Namespace<byte[], byte[]> blocks = store.namespace("chain.blocks", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
            Namespace<byte[], byte[]> txs = store.namespace("chain.txs", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
            Namespace<byte[], byte[]> tree = store.namespace("chain.tree", Compression.NONE, Codecs.BYTES, Codecs.BYTES);
            List<byte[]> blockHashes = new ArrayList<>();
            long preloadStart = System.nanoTime();
            for (int i = 0; i < preloadBlocks; i++) {
                byte[] block = randomBlock(blockTxs);
                byte[] hash = BenchData.randomKey();
                store.batch().put(blocks, hash, block).commit();
                blockHashes.add(hash);
            }
            if (!blockHashes.isEmpty()) {
                blocks.get(blockHashes.get(blockHashes.size() - 1)).orElseThrow(); // a read: waits until the preload is applied
            }
            System.out.printf("preloaded %d blocks in %.1f s%n", preloadBlocks, (System.nanoTime() - preloadStart) / 1e9);
            ConcurrentLinkedQueue<byte[]> admitted = new ConcurrentLinkedQueue<>();
            List<List<Sample>> perThread = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> running = new ArrayList<>();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) * threads / rate;
            for (int t = 0; t < threads; t++) {
                List<Sample> samples = new ArrayList<>();
                perThread.add(samples);
                long offset = periodNanos * t / threads;
                Thread thread = new Thread(() -> {
                    long next = start + offset;
                    while (next < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            sleepNanos(wait);
                        }
                        byte[] key = BenchData.randomKey();
                        byte[] value = new byte[200];
                        ThreadLocalRandom.current().nextBytes(value);
                        long began = System.nanoTime();
                        store.batch().put(pool, key, value).commit();
                        samples.add(new Sample(began - start, System.nanoTime() - began));
                        admitted.add(key);
                        next += periodNanos;
                    }
                }, "admission-" + t);
                running.add(thread);
                thread.start();
            }
            List<Long> blockNanos = new ArrayList<>();
            List<Long> readableNanos = new ArrayList<>();
            List<Long> earlierReadNanos = new ArrayList<>();
            List<long[]> blockSpans = new ArrayList<>();
            long cpuStart = processCpuNanos();
            long nextBlock = start + TimeUnit.MILLISECONDS.toNanos(blockMillis);
            while (nextBlock < end) {
                sleepNanos(nextBlock - System.nanoTime());
                Batch batch = store.batch();
                byte[] block = randomBlock(blockTxs);
                byte[] hash = BenchData.randomKey();
                batch.put(blocks, hash, block);
                for (int i = 0; i < blockTxs; i++) {
                    byte[] id = deletes ? admitted.poll() : null;
                    if (id == null) {
                        id = BenchData.randomKey();
                    } else {
                        batch.delete(pool, id);
                    }
                    batch.put(txs, id, new byte[48]);
                }
                for (int i = 0; i < 1_500; i++) {
                    byte[] node = new byte[300];
                    ThreadLocalRandom.current().nextBytes(node);
                    batch.put(tree, Arrays.copyOf(BenchData.randomKey(), 40), node);
                }
                long began = System.nanoTime();
                batch.commit();
                long took = System.nanoTime() - began;
                blockNanos.add(took);
                blockSpans.add(new long[] {began - start, began - start + took});
                blocks.get(hash).orElseThrow();
                long readable = System.nanoTime() - began - took;
                readableNanos.add(readable);
                long earlierNanos = -1;
                if (!blockHashes.isEmpty()) {
                    byte[] earlier = blockHashes.get(ThreadLocalRandom.current().nextInt(blockHashes.size()));
                    long readBegan = System.nanoTime();
                    blocks.get(earlier).orElseThrow();
                    earlierNanos = System.nanoTime() - readBegan;
                    earlierReadNanos.add(earlierNanos);
                }
                blockHashes.add(hash);
                System.out.printf("block of %d ops committed in %.1f ms, readable %.1f ms later; an earlier block read in %.1f ms%n",
                        batch.size(), took / 1e6, readable / 1e6, earlierNanos / 1e6);
                nextBlock += TimeUnit.MILLISECONDS.toNanos(blockMillis);
            }
            for (Thread t : running) {
                t.join();
            }
            long cpuNanos = processCpuNanos() - cpuStart;
            List<Long> during = new ArrayList<>();
            List<Long> apart = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            for (List<Sample> samples : perThread) {
                for (Sample s : samples) {
                    if (s.startNanos() < TimeUnit.SECONDS.toNanos(2)) {
                        continue; // JIT warm-up
                    }
                    all.add(s.nanos());
                    boolean overlaps = blockSpans.stream().anyMatch(b -> s.startNanos() <= b[1] && s.startNanos() + s.nanos() >= b[0]);
                    (overlaps ? during : apart).add(s.nanos());
                }
            }
            System.out.printf("admissions: %s%n  overlapping a block's commit: %s%n  the rest: %s%nblock commits: %s%n"
                    + "block readable after its commit: %s%nan earlier block read: %s%nprocess CPU from the first block on: %.1f s%n",
                    summary(all), summary(during), summary(apart), summary(blockNanos), summary(readableNanos),
                    summary(earlierReadNanos), cpuNanos / 1e9);
        } finally {
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** An incompressible block of {@code transactions} transfers of 150 bytes. */
    private static byte[] randomBlock(int transactions) {
        byte[] block = new byte[transactions * 150];
        ThreadLocalRandom.current().nextBytes(block);
        return block;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
