package org.qenex.storage.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
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
import org.openjdk.jmh.infra.Blackhole;

/** Raw MapDB 3.1.0: BTreeMap, mmap, transactions on; one commit per batch. */
@State(Scope.Benchmark)
public class RawMapDbBench {

    /** Only the batched-put benchmark varies the batch size. */
    @State(Scope.Benchmark)
    public static class BatchSize {
        @Param({"1", "100", "1000"})
        public int batch;
    }

    private Path dir;
    private DB db;
    private BTreeMap<byte[], byte[]> map;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("raw-mapdb");
        db = DBMaker.fileDB(dir.resolve("raw.db").toFile()).fileMmapEnableIfSupported().cleanerHackEnable()
                .transactionEnable().make();
        map = db.treeMap("bench", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY).createOrOpen();
        for (int i = 0; i < BenchData.PRELOAD; i++) {
            map.put(BenchData.preloadKey(i), BenchData.value());
            if (i % 1000 == 999) {
                db.commit();
            }
        }
        db.commit();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        db.close();
        BenchData.delete(dir);
    }

    /** One batch of {@code batch} puts and its commit. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void putBatch(BatchSize size) {
        for (int i = 0; i < size.batch; i++) {
            map.put(BenchData.randomKey(), BenchData.value());
        }
        db.commit();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] get() {
        return map.get(BenchData.preloadKey(ThreadLocalRandom.current().nextInt(BenchData.PRELOAD)));
    }

    /** Reads one bucket: the 100 entries under a 4-byte prefix. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void prefixScan(Blackhole hole) {
        int bucket = ThreadLocalRandom.current().nextInt(BenchData.BUCKETS);
        for (Map.Entry<byte[], byte[]> e : map.subMap(BenchData.bucketPrefix(bucket), true, BenchData.bucketPrefix(bucket + 1),
                false).entrySet()) {
            hole.consume(e.getValue());
        }
    }

    /** Latency of a 100-put batch with its commit. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void commit100() {
        for (int i = 0; i < 100; i++) {
            map.put(BenchData.randomKey(), BenchData.value());
        }
        db.commit();
    }
}
