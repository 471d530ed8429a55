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

    /** Pinned: a changed hash means the committed data or the generator changed, which needs a new task version. */
    static final String LANGUAGE_HASH = "9ef752921685c592b607af505103d2c9cba1eaa72522d3a8df0445be50a61747";
    static final String CODE_HASH = "b800e52093bb66ca79a5ad3f0d31dda2d331e9e180bd3fed59ea339eb6330c2c";
    static final String MATHEMATICS_HASH = "025d65ea507027add58e2f8a49a34fee0c610b4076f69d1b361265fda6d38b70";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void languageTaskHasSevenLanguagesAndThePinnedHash() {
        BenchmarkTask task = new LanguageIdentificationTask();
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
        BenchmarkTask task = new CodePackageTask();
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
