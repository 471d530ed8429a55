package org.qenex.ai.tasks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.ai.AttributeKind;
import org.qenex.api.ai.BenchmarkTask;
import org.qenex.api.ai.TaskData;
import org.qenex.api.node.NodeContext;
import org.qenex.api.node.testing.FixedNodeContext;

public class BuiltInTasksTest {

    /** Pinned (epoch 0, the public secret qenex-genesis): a change means the data, the generator or the split changed. */
    static final String LANGUAGE_HASH = "9f4792c77202f066ffe91222e7a06781223c89a37cfde36f7c051cab4d06a536";
    static final String CODE_HASH = "082760fd2c92a770f56cde82ea5d5948922991c31f704f56f3610fc7b499ac61";
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
        assertEquals(Map.of("cs", 428L, "de", 428L, "en", 428L, "es", 428L, "it", 428L, "pl", 428L, "pt", 428L),
                labelCounts(data.heldOut()));
        // round-robin over the labels, in label order
        assertEquals(List.of("cs", "de", "en", "es", "it", "pl", "pt", "cs"),
                data.training().rows().subList(0, 8).stream().map(row -> row.get(1)).toList());
        for (List<String> row : data.heldOut().rows()) {
            int length = row.get(0).codePointCount(0, row.get(0).length());
            assertTrue(row.get(0), length >= 20 && length <= 280);
        }
        assertEquals(LANGUAGE_HASH, task.dataHash());
    }

    @Test
    public void codeTaskLabelsArePackagesAndHashIsPinned() {
        BenchmarkTask task = new CodePackageTask("qenex-genesis", 0);
        TaskData data = task.data();
        assertEquals(List.of("classifiers", "core", "experiment", "filters", "gui", "knowledgeflow", "other"),
                data.training().classAttribute().labels());
        assertEquals(3_997, data.training().rows().size());
        assertEquals(994, data.publicSplit().rows().size());
        assertEquals(2_996, data.heldOut().rows().size());
        for (List<String> row : data.heldOut().rows()) {
            int tokens = row.get(0).split(" ").length;
            assertTrue(row.get(0), tokens >= 12 && tokens <= 24);
        }
        assertTrue("package and import statements leak the label",
                data.training().rows().stream().noneMatch(row -> row.get(0).contains("import weka")));
        assertEquals(CODE_HASH, task.dataHash());
    }

    @Test
    public void heldOutRowsAreDrawnPerEpochAndNeverATrainingOrPublicRow() {
        TaskData genesis = new LanguageIdentificationTask("qenex-genesis", 0).data();
        TaskData again = new LanguageIdentificationTask("qenex-genesis", 0).data();
        TaskData nextEpoch = new LanguageIdentificationTask("qenex-genesis", 1).data();
        TaskData otherSecret = new LanguageIdentificationTask("another network's secret", 0).data();
        assertEquals(genesis, again);
        for (TaskData drawn : List.of(genesis, nextEpoch, otherSecret)) {
            // training and public rows come from public seeds: the same for every secret and epoch
            assertEquals(genesis.training(), drawn.training());
            assertEquals(genesis.publicSplit(), drawn.publicSplit());
            Set<String> shown = texts(drawn.training());
            shown.addAll(texts(drawn.publicSplit()));
            for (List<String> row : drawn.heldOut().rows()) {
                assertFalse("held-out row in the training or public split: " + row, shown.contains(row.get(0)));
            }
        }
        // a fresh draw per epoch and per secret: (almost) no row in common
        assertTrue(overlap(genesis.heldOut(), nextEpoch.heldOut()) < 0.01);
        assertTrue(overlap(genesis.heldOut(), otherSecret.heldOut()) < 0.01);
        assertNotEquals(genesis.sha256(), nextEpoch.sha256());
        TaskData code = new CodePackageTask("qenex-genesis", 0).data();
        Set<String> shown = texts(code.training());
        shown.addAll(texts(code.publicSplit()));
        assertTrue(code.heldOut().rows().stream().noneMatch(row -> shown.contains(row.get(0))));
    }

    /**
     * The bundle ships generators, not rows: its resources are the two {@code .gen.gz} files, every
     * line of which holds one context of at most three symbols and its successors, and no held-out
     * row (nor any row of 20 characters or more) occurs in them.
     */
    @Test
    public void noRowIsInTheRepositoryOnlyTheGenerators() throws Exception {
        Path resources = Paths.get("src/main/resources/org/qenex/ai/tasks/internal");
        try (var files = Files.list(resources)) {
            assertEquals(List.of("code.gen.gz", "language.gen.gz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.walk(Paths.get("src/main/resources"))) {
            assertTrue(files.noneMatch(f -> f.toString().contains(".tsv")));
        }
        List<TaskData> drawn = List.of(new LanguageIdentificationTask("qenex-genesis", 0).data(),
                new CodePackageTask("qenex-genesis", 0).data());
        for (String generator : List.of("language.gen.gz", "code.gen.gz")) {
            String content;
            try (var in = new GZIPInputStream(Files.newInputStream(resources.resolve(generator)))) {
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] lines = content.split("\n");
            int order = Integer.parseInt(lines[0].split("\t")[3]);
            for (int i = 1; i < lines.length; i++) {
                String[] fields = lines[i].split("\t", -1);
                for (int f = 1; f < fields.length; f++) {
                    boolean count = f >= order && (f - order) % 2 == 1;
                    assertTrue(generator + " line " + i, count ? fields[f].matches("[1-9][0-9]*")
                            : generator.startsWith("language") ? fields[f].codePointCount(0, fields[f].length()) <= 1
                                    : !fields[f].contains(" "));
                }
            }
            for (TaskData data : drawn) {
                for (List<String> row : data.heldOut().rows()) {
                    assertFalse(content.contains(row.get(0)));
                }
            }
        }
    }

    private static Set<String> texts(org.qenex.api.ai.Dataset data) {
        Set<String> texts = new HashSet<>();
        data.rows().forEach(row -> texts.add(row.get(0)));
        return texts;
    }

    private static Map<String, Long> labelCounts(org.qenex.api.ai.Dataset data) {
        return data.rows().stream().collect(java.util.stream.Collectors.groupingBy(r -> r.get(1),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static double overlap(org.qenex.api.ai.Dataset a, org.qenex.api.ai.Dataset b) {
        Set<String> rows = texts(a);
        return b.rows().stream().filter(row -> rows.contains(row.get(0))).count() / (double) b.rows().size();
    }

    @Test
    public void aTextTaskWithoutAConfiguredSecretDrawsWithItsNodesOwn() throws Exception {
        File node = folder.newFolder("node-text");
        CodePackageTask own = new CodePackageTask(textConfig(""), FixedNodeContext.in(node.toPath()));
        Path secretFile = node.toPath().resolve(CodePackageTask.SECRET_FILE);
        String secret = Files.readString(secretFile, StandardCharsets.US_ASCII);
        assertTrue(secret, secret.matches("[0-9a-f]{64}"));
        assertNotEquals(CODE_HASH, own.dataHash());
        assertEquals(own.dataHash(), new CodePackageTask(textConfig(secret), untouched()).dataHash());
        assertFalse("a configured secret leaves the data folder alone", Files.exists(unusedFolder()));
    }

    /** A data folder the task must not create: it is given its secret. */
    private Path unusedFolder() {
        return folder.getRoot().toPath().resolve("unused");
    }

    private NodeContext untouched() {
        return FixedNodeContext.in(unusedFolder());
    }

    private static TextTaskConfiguration textConfig(String secret) {
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
        ProductRelationTask first = new ProductRelationTask(config(0, "qenex-genesis"), untouched());
        ProductRelationTask again = new ProductRelationTask(config(0, "qenex-genesis"), untouched());
        ProductRelationTask nextEpoch = new ProductRelationTask(config(1, "qenex-genesis"), untouched());
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
        ProductRelationTask accepting = new ProductRelationTask(config(0, ""), FixedNodeContext.in(nodeA.toPath()));
        Path secretFile = nodeA.toPath().resolve(HeldOutSecret.FILE);
        String secret = Files.readString(secretFile, StandardCharsets.US_ASCII);
        assertTrue(secret, secret.matches("[0-9a-f]{64}"));
        if (Files.getFileAttributeView(secretFile, PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        }
        // Not the public constant any more: nobody can compute these rows from the source.
        assertNotEquals(MATHEMATICS_HASH, accepting.dataHash());
        assertNotEquals(new ProductRelationTask(config(0, "qenex-genesis"), untouched()).data().heldOut(),
                accepting.data().heldOut());

        // The same node after a restart (and its verifier) sees the same rows: proofs keep verifying.
        ProductRelationTask restarted = new ProductRelationTask(config(0, ""), FixedNodeContext.in(nodeA.toPath()));
        assertEquals(accepting.dataHash(), restarted.dataHash());
        assertEquals(secret, Files.readString(secretFile, StandardCharsets.US_ASCII));

        // Another node has its own secret; given this node's, it re-derives exactly the same rows.
        ProductRelationTask otherNode = new ProductRelationTask(config(0, ""), FixedNodeContext.in(nodeB.toPath()));
        assertNotEquals(accepting.dataHash(), otherNode.dataHash());
        assertEquals(accepting.data().training(), otherNode.data().training());
        ProductRelationTask sharedSecret = new ProductRelationTask(config(0, secret), FixedNodeContext.in(nodeB.toPath()));
        assertEquals(accepting.dataHash(), sharedSecret.dataHash());
    }

    private static ProductRelationConfiguration config(long epoch, String secret) {
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
        };
    }
}
