package org.qenex.chain.internal.consensus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.chain.internal.TestChain;

/** What {@code qenex:chain genesis} writes for a network, and the keys it refuses. */
public class GenesisFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static String key(int seed) {
        return HexFormat.of().formatHex(TestChain.key(seed).publicKey());
    }

    @Test
    public void writesANetworksGenesisThatReadsBackTheSame() throws Exception {
        ChainParameters params = GenesisFile.forNetwork("my-net", List.of(key(1), key(2).toUpperCase(), " " + key(3) + " "), 2_000,
                TestChain.GENESIS_TIME);
        assertEquals("normalised to lower case, in the order given", List.of(key(1), key(2), key(3)), params.validators());
        Path file = folder.getRoot().toPath().resolve("genesis.json");
        GenesisFile.write(file, params);
        ChainParameters read = GenesisFile.read(file);
        assertEquals(params, read);
        assertEquals(2_000, read.blockIntervalMillis());
        assertEquals(ChainParameters.defaults("my-net", 0, List.of(key(1))).finalityDepth(), read.finalityDepth());
        assertEquals(666, new ProposerSchedule(read).graceMillis());
    }

    /** The file it writes through is its own: a neighbour named like the target plus ".tmp" is left alone. */
    @Test
    public void writingLeavesOtherFilesAloneAndNoTemporaryFileBehind() throws Exception {
        Path file = folder.getRoot().toPath().resolve("genesis.json");
        Path neighbour = folder.getRoot().toPath().resolve("genesis.json.tmp");
        Files.writeString(neighbour, "someone's data");
        GenesisFile.write(file, GenesisFile.forNetwork("my-net", List.of(key(1)), 2_000, TestChain.GENESIS_TIME));
        assertEquals("someone's data", Files.readString(neighbour));
        try (var listed = Files.list(folder.getRoot().toPath())) {
            assertEquals(List.of("genesis.json", "genesis.json.tmp"), listed.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    public void refusesBadKeysWithOneLine() {
        assertRefused(List.of(key(1), "qx1notakey"), "not a validator key (64 hex digits, as qenex:chain validator-key prints): qx1notakey");
        assertRefused(List.of(key(1).substring(2)), "not a validator key");
        assertRefused(List.of(key(1), key(1)), "a validator is listed twice");
        assertRefused(List.of(), "a chain has at least one validator");
    }

    private static void assertRefused(List<String> keys, String message) {
        try {
            GenesisFile.forNetwork("my-net", keys, 5_000, TestChain.GENESIS_TIME);
            fail("accepted " + keys);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
            assertTrue("one line", !e.getMessage().contains("\n"));
        }
    }
}
