package org.qenex.kernel.internal.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NodeIdFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void generatesOnceAndKeepsTheId() throws Exception {
        Path file = folder.getRoot().toPath().resolve("qenex/node-id");
        String first = new NodeIdFile(file).loadOrCreate(new Random(1));
        assertTrue(first, first.matches("qx-[0-9a-f]{12}"));
        assertEquals(first, Files.readString(file).trim());
        assertEquals(first, new NodeIdFile(file).loadOrCreate(new Random(2)));
    }

    @Test
    public void anEmptyFileGetsAFreshId() throws Exception {
        Path file = folder.getRoot().toPath().resolve("node-id");
        Files.writeString(file, "");
        String id = new NodeIdFile(file).loadOrCreate(new Random(3));
        assertTrue(id, id.matches("qx-[0-9a-f]{12}"));
    }

    @Test
    public void anOperatorsOwnIdIsKept() throws Exception {
        Path file = folder.getRoot().toPath().resolve("node-id");
        Files.writeString(file, "edge-node-7\n");
        assertEquals("edge-node-7", new NodeIdFile(file).loadOrCreate(new Random(4)));
    }
}
