package org.qenex.kernel.internal.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BundleNodeContextTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void nodeBundlesGetTheirSubsystemFolderAndPluginsTheirOwnUnderPlugins() {
        assertEquals("chain", BundleNodeContext.folderName("org.qenex.chain"));
        assertEquals("ai-tasks", BundleNodeContext.folderName("org.qenex.ai.tasks"));
        assertEquals("plugins/com.example.hello", BundleNodeContext.folderName("com.example.hello"));
        assertEquals("plugins/org.qenex.", BundleNodeContext.folderName("org.qenex."));
    }

    @Test
    public void theFolderIsCreatedOwnerOnlyOnFirstUse() throws Exception {
        Path qenex = tmp.getRoot().toPath().resolve("qenex");
        BundleNodeContext context = new BundleNodeContext("qx-1", qenex, "org.qenex.chain");
        Path folder = context.dataFolder();
        assertEquals(qenex.resolve("chain"), folder);
        assertTrue(Files.isDirectory(folder));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("qx-1", context.nodeId());
    }
}
