package org.qenex.network.internal.peer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.qenex.api.event.QenexTopics;
import org.qenex.api.event.testing.RecordingEventAdmin;

/** Two engines over loopback: the connection, the ban and the disconnection each posted once on the peer topic. */
public class PeerTopicTest {

    @Rule
    public final TestNodes nodes = new TestNodes();

    private final RecordingEventAdmin recorder = new RecordingEventAdmin("Netty's event loop must not wait for event handlers");

    private List<Event> in(String state) {
        return recorder.posted().stream().filter(e -> state.equals(e.getProperty(QenexTopics.STATE))).toList();
    }

    @Test
    public void aConnectionItsBanAndItsEndArePosted() throws Exception {
        FixedChain chain = FixedChain.of("qenex-test", 'a');
        PeerNetworkEngine a = nodes.start(chain);
        a.postPeerChangesTo(new PeerTopic(() -> recorder));
        PeerNetworkEngine b = nodes.start(chain, TestNodes.address(a));

        assertTrue(TestNodes.await(() -> in("connected").size() == 1));
        Event connected = in("connected").get(0);
        assertEquals(QenexTopics.PEER, connected.getTopic());
        assertEquals(b.nodeKeyHex(), connected.getProperty(QenexTopics.ID));
        assertTrue(String.valueOf(connected.getProperty(QenexTopics.NAME)).startsWith("127.0.0.1:"));

        a.ban("127.0.0.1", Duration.ofMinutes(5), "testing the topic");
        assertTrue(TestNodes.await(() -> in("disconnected").size() == 1));
        Event banned = in("banned").get(0);
        assertEquals("127.0.0.1", banned.getProperty(QenexTopics.NAME));
        assertEquals(b.nodeKeyHex(), banned.getProperty(QenexTopics.ID));
        assertTrue(String.valueOf(banned.getProperty(QenexTopics.CAUSE)).contains("testing the topic"));
        Event disconnected = in("disconnected").get(0);
        assertEquals(b.nodeKeyHex(), disconnected.getProperty(QenexTopics.ID));
        assertEquals(1, in("banned").size());
    }
}
