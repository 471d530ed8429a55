package org.qenex.ai.tasks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.ai.AttributeKind;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.TaskData;

public class BuiltInTasksTest {

    /** Pinned (epoch 0, the public secret qenex-genesis): a change means the data, the generator or the split changed. */
    static final String LANGUAGE_HASH = "4fcc827d7c557c942b4ade0f9aa7df88484afa44fddde8ffa0ea29056de6c594";
    static final String CODE_HASH = "48cfe6e96fc426a91db3492ccf566318a000b27de19d721958ed96bd454dc6d2";
    static final String MATHEMATICS_HASH = "025d65ea507027add58e2f8a49a34fee0c610b4076f69d1b361265fda6d38b70";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void languageTaskHasSevenLanguagesAndThePinnedHash() {
        BenchmarkTask task = new LanguageIdentificationTask("qenex-genesis", 0);
        TaskData data = task.data();
        assertEquals(List.of("cs", "de", "en", "es", "it", "pl", "pt"), data.training().classAttribute().labels());
        assertEquals(AttributeKind.TEXT, data.training().attributes().get(0).kind());
        assertEquals(4_900, data.training().rows().size());
        assertEquals(1_050, data.publicSplit().rows().size());
        assertEquals(2_996, data.heldOut().rows().size());
        assertEquals(LANGUAGE_HASH, task.dataHash());
    }

    @Test
    public void codeTaskLabelsArePackagesAndHashIsPinned() {
        BenchmarkTask task = new CodePackageTask("qenex-genesis", 0);
        TaskData data = task.data();
        assertEquals(List.of("classifiers", "core", "experiment", "filters", "gui", "knowledgeflow", "other"),
                data.training().classAttribute().labels());
        assertTrue(data.training().rows().size() <= 5_000);
        assertTrue(data.heldOut().rows().size() <= 3_000);
        assertTrue("package and import statements leak the label",
                data.training().rows().stream().noneMatch(row -> row.get(0).contains("import weka")));
        assertEquals(CODE_HASH, task.dataHash());
    }

    @Test
    public void theTextTasksHeldOutRowsAreASecretDrawNotTheShippedSplitColumn() {
        TaskData shipped = new TaskData(
                rows("language.tsv.gz", TsvSplits.TRAINING), rows("language.tsv.gz", TsvSplits.PUBLIC),
                rows("language.tsv.gz", TsvSplits.HELD_OUT));
        TaskData genesis = new LanguageIdentificationTask("qenex-genesis", 0).data();
        TaskData again = new LanguageIdentificationTask("qenex-genesis", 0).data();
        TaskData nextEpoch = new LanguageIdentificationTask("qenex-genesis", 1).data();
        TaskData otherSecret = new LanguageIdentificationTask("another network's secret", 0).data();
        assertEquals(genesis, again);
        for (TaskData drawn : List.of(genesis, nextEpoch, otherSecret)) {
            // the same sizes per split and label as prepared, every shipped row in exactly one split
            assertEquals(labelCounts(shipped.heldOut()), labelCounts(drawn.heldOut()));
            assertEquals(labelCounts(shipped.publicSplit()), labelCounts(drawn.publicSplit()));
            java.util.Set<List<String>> all = new java.util.HashSet<>(drawn.training().rows());
            all.addAll(drawn.publicSplit().rows());
            all.addAll(drawn.heldOut().rows());
            assertEquals(4_900 + 1_050 + 2_996, all.size());
        }
        // the shipped "heldout" rows are not the held-out rows: about 2,996 / 8,946 of them are, by chance
        double overlap = overlap(shipped.heldOut(), genesis.heldOut());
        assertTrue("overlap " + overlap, overlap > 0.25 && overlap < 0.42);
        assertTrue(overlap(genesis.heldOut(), nextEpoch.heldOut()) < 0.42);
        assertTrue(overlap(genesis.heldOut(), otherSecret.heldOut()) < 0.42);
        assertNotEquals(genesis.sha256(), nextEpoch.sha256());
    }

    private static org.qenex.api.ai.Dataset rows(String resource, String split) {
        List<List<String>> rows = TsvSplits.read(resource).stream().filter(f -> f[0].equals(split))
                .map(f -> List.of(f[2], f[1])).toList();
        TaskData any = new LanguageIdentificationTask("qenex-genesis", 0).data();
        return new org.qenex.api.ai.Dataset(any.training().attributes(), 1, rows);
    }

    private static java.util.Map<String, Long> labelCounts(org.qenex.api.ai.Dataset data) {
        return data.rows().stream().collect(java.util.stream.Collectors.groupingBy(r -> r.get(1),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static double overlap(org.qenex.api.ai.Dataset a, org.qenex.api.ai.Dataset b) {
        java.util.Set<List<String>> rows = new java.util.HashSet<>(a.rows());
        return b.rows().stream().filter(rows::contains).count() / (double) b.rows().size();
    }

    @Test
    public void aTextTaskWithoutAConfiguredSecretDrawsWithItsNodesOwn() throws Exception {
        File node = folder.newFolder("node-text");
        CodePackageTask own = new CodePackageTask(textConfig("", node.getPath()), null);
        Path secretFile = node.toPath().resolve("qenex").resolve("ai-tasks").resolve(CodePackageTask.SECRET_FILE);
        String secret = Files.readString(secretFile, StandardCharsets.US_ASCII);
        assertTrue(secret, secret.matches("[0-9a-f]{64}"));
        assertNotEquals(CODE_HASH, own.dataHash());
        assertEquals(own.dataHash(), new CodePackageTask(textConfig(secret, "unused"), null).dataHash());
    }

    private static TextTaskConfiguration textConfig(String secret, String dataDir) {
        return new TextTaskConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TextTaskConfiguration.class;
            }

            @Override
            public long epoch() {
                return 0;
            }

            @Override
            public long epochHours() {
                return 0;
            }

            @Override
            public String heldOutSecret() {
                return secret;
            }

            @Override
            public String fallbackDataDir() {
                return dataDir;
            }
        };
    }

    @Test
    public void withAnEpochLengthTheHeldOutRowsRotateByThemselvesAtTheBoundary() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
                java.time.Instant.parse("2026-12-05T23:59:00Z").toEpochMilli());
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        };
        HeldOutEpoch daily = new HeldOutEpoch(0, 24, clock);
        ProductRelationTask mathematics = new ProductRelationTask("qenex-genesis", daily);
        LanguageIdentificationTask language = new LanguageIdentificationTask("qenex-genesis", daily);
        long day = daily.current();
        assertEquals(20_792, day); // days since 1970-01-01
        String mathematicsBefore = mathematics.dataHash();
        String languageBefore = language.dataHash();
        assertEquals(new ProductRelationTask("qenex-genesis", new HeldOutEpoch(day, 0, clock)).dataHash(), mathematicsBefore);
        now.addAndGet(60_000); // midnight UTC: the next epoch
        assertEquals(day + 1, daily.current());
        assertNotEquals(mathematicsBefore, mathematics.dataHash());
        assertNotEquals(languageBefore, language.dataHash());
        assertEquals(new LanguageIdentificationTask("qenex-genesis", day + 1).dataHash(), language.dataHash());
    }

    @Test
    public void mathematicsIsReproducibleFromItsSeedsAndEpochChangesOnlyHeldOut() {
        ProductRelationTask first = new ProductRelationTask(config(0, "qenex-genesis", "unused"));
        ProductRelationTask again = new ProductRelationTask(config(0, "qenex-genesis", "unused"));
        ProductRelationTask nextEpoch = new ProductRelationTask(config(1, "qenex-genesis", "unused"));
        assertEquals(first.dataHash(), again.dataHash());
        assertEquals(MATHEMATICS_HASH, first.dataHash());
        assertNotEquals(first.dataHash(), nextEpoch.dataHash());
        assertEquals(first.data().training(), nextEpoch.data().training());
        assertEquals(first.data().publicSplit(), nextEpoch.data().publicSplit());
        assertNotEquals(first.data().heldOut(), nextEpoch.data().heldOut());
        long close = first.data().heldOut().rows().stream().filter(r -> r.get(6).equals("close")).count();
        assertTrue("every class occurs", close > 0 && close < 4_000);
    }

    @Test
    public void withoutAConfiguredSecretEachNodeDrawsItsOwnHeldOutRowsAndKeepsThem() throws Exception {
        File nodeA = folder.newFolder("node-a");
        File nodeB = folder.newFolder("node-b");
        ProductRelationTask accepting = new ProductRelationTask(config(0, "", nodeA.getPath()), null);
        Path secretFile = nodeA.toPath().resolve("qenex").resolve("ai-tasks").resolve(HeldOutSecret.FILE);
        String secret = Files.readString(secretFile, StandardCharsets.US_ASCII);
        assertTrue(secret, secret.matches("[0-9a-f]{64}"));
        if (Files.getFileAttributeView(secretFile, PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        }
        // Not the public constant any more: nobody can compute these rows from the source.
        assertNotEquals(MATHEMATICS_HASH, accepting.dataHash());
        assertNotEquals(new ProductRelationTask(config(0, "qenex-genesis", "unused")).data().heldOut(),
                accepting.data().heldOut());

        // The same node after a restart (and its verifier) sees the same rows: proofs keep verifying.
        ProductRelationTask restarted = new ProductRelationTask(config(0, "", nodeA.getPath()), null);
        assertEquals(accepting.dataHash(), restarted.dataHash());
        assertEquals(secret, Files.readString(secretFile, StandardCharsets.US_ASCII));

        // Another node has its own secret; given this node's, it re-derives exactly the same rows.
        ProductRelationTask otherNode = new ProductRelationTask(config(0, "", nodeB.getPath()), null);
        assertNotEquals(accepting.dataHash(), otherNode.dataHash());
        assertEquals(accepting.data().training(), otherNode.data().training());
        ProductRelationTask sharedSecret = new ProductRelationTask(config(0, secret, nodeB.getPath()), null);
        assertEquals(accepting.dataHash(), sharedSecret.dataHash());
    }

    private static ProductRelationConfiguration config(long epoch, String secret, String dataDir) {
        return new ProductRelationConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ProductRelationConfiguration.class;
            }

            @Override
            public long epoch() {
                return epoch;
            }

            @Override
            public long epochHours() {
                return 0;
            }

            @Override
            public String heldOutSecret() {
                return secret;
            }

            @Override
            public String fallbackDataDir() {
                return dataDir;
            }
        };
    }
}
