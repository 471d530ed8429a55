package org.qenex.storage.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.qenex.api.storage.Batch;
import org.qenex.api.storage.Codecs;
import org.qenex.api.storage.Namespace;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageEngine;

/** The storage service on the same work as {@link RawMapDbBench}: journal + index, default settings. */
@State(Scope.Benchmark)
public class StoreServiceBench {

    /** Only the batched-put benchmark varies the batch size. */
    @State(Scope.Benchmark)
    public static class BatchSize {
        @Param({"1", "100", "1000"})
        public int batch;
    }

    private Path dir;
    private StorageEngine store;
    private Namespace<byte[], byte[]> ns;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("store-bench");
        store = StorageEngine.open(EngineSettings.defaults(dir).withDiskLowBytes(0), IncidentSink.NONE);
        ns = store.namespace("bench", Codecs.BYTES, Codecs.BYTES);
        for (int i = 0; i < BenchData.PRELOAD; i += 1000) {
            Batch b = store.batch();
            for (int j = i; j < i + 1000; j++) {
                b.put(ns, BenchData.preloadKey(j), BenchData.value());
            }
            b.commit();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        BenchData.delete(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long putBatch(BatchSize size) {
        Batch b = store.batch();
        for (int i = 0; i < size.batch; i++) {
            b.put(ns, BenchData.randomKey(), BenchData.value());
        }
        return b.commit();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object get() {
        return ns.get(BenchData.preloadKey(ThreadLocalRandom.current().nextInt(BenchData.PRELOAD)));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object prefixScan() {
        return ns.prefix(BenchData.bucketPrefix(ThreadLocalRandom.current().nextInt(BenchData.BUCKETS)), 1000);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long commit100() {
        Batch b = store.batch();
        for (int i = 0; i < 100; i++) {
            b.put(ns, BenchData.randomKey(), BenchData.value());
        }
        return b.commit();
    }
}
