package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.qenex.api.network.KnownAddress;

/** Addresses travel: a node that knows only one seed finds the seed's peers, and trusts them only once it reached them. */
public class PeerExchangeTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    @Test
    public void aNodeFindsItsSeedsPeersAndVerifiesThemBeforeTrusting() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        PeerNetworkEngine b = nodes.start(chain, TestNodes.address(a));
        assertTrue(TestNodes.await(() -> b.peers().size() == 1));

        PeerNetworkEngine c = nodes.start(chain, TestNodes.address(b));
        assertTrue("C reaches A through B's addresses", TestNodes.await(() -> c.peers().size() == 2));
        Set<String> keys = c.peers().stream().map(p -> p.nodeKey()).collect(Collectors.toSet());
        assertEquals(Set.of(a.nodeKeyHex(), b.nodeKeyHex()), keys);

        KnownAddress learned = c.addresses().stream().filter(e -> e.address().equals(TestNodes.address(a).toString()))
                .findFirst().orElseThrow();
        assertEquals("learned", learned.source());
        assertTrue("verified by its own handshake", learned.verified());
    }
}
