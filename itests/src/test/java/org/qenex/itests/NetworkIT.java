package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import org.qenex.api.chain.BlockExchange;
import org.qenex.api.chain.ChainView;
import org.qenex.api.network.NetworkStatus;
import org.qenex.api.network.PeerNetwork;

import com.fasterxml.jackson.databind.JsonNode;

/** The network bundle in the node: Netty resolves, the peer port listens, REST and shell show it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkIT extends QenexTestSupport {

    @Configuration
    public Option[] config() {
        // port 0: a free one, so the test never clashes with a node on 8333
        return baseConfiguration(editConfigurationFilePut("etc/org.qenex.network.cfg", "port", "0"),
                editConfigurationFilePut("etc/org.qenex.network.cfg", "bindAddress", "127.0.0.1"));
    }

    @Test
    public void bothNetworkComponentsAreActive() throws Exception {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        await("the network bundle's two components active", () -> {
            int active = 0;
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle("org.qenex.network"))) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    active += configuration.state == ComponentConfigurationDTO.ACTIVE ? 1 : 0;
                }
            }
            return active == 2;
        });
    }

    @Test
    public void theNodeListensWithItsKeyOnItsChain() throws Exception {
        PeerNetwork network = service(PeerNetwork.class);
        ChainView chain = service(ChainView.class);
        assertEquals(Bundle.ACTIVE, bundle("org.qenex.network").getState());
        NetworkStatus status = network.status();
        assertTrue("listening", status.listening());
        assertTrue(status.port() > 0);
        assertEquals(chain.chainId(), status.chainId());
        assertEquals(chain.genesisHash(), status.genesisHash());
        assertTrue(status.nodeKey().matches("[0-9a-f]{64}"));
        assertTrue("alone, the node is in sync with nobody ahead", status.sync().inSync());
        assertNotNull("the network listens to the ledger for what to relay", service(BlockExchange.Listener.class));
        assertEquals(chain.height(), status.sync().targetHeight(), 1);
        assertTrue("the node's network key in the bundle's data folder",
                Files.exists(karafData().resolve("qenex/network/network.key")));
        assertFalse("its TLS key lives in memory only", Files.exists(karafData().resolve("qenex/network/tls.p12")));
    }

    /** Tracked, not looked up once: Pax Exam's own feature can refresh bundles while the node settles. */
    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(TIMEOUT.toMillis());
        tracker.close();
        assertNotNull(type.getSimpleName() + " within " + TIMEOUT, service);
        return service;
    }

    @Test
    public void restShowsThePeersToViewersAndOnlyAdminsChangeThem() throws Exception {
        String admin = adminPassword();
        HttpResponse<String> status = get("/api/v1/network/status", ADMIN, admin);
        assertEquals(status.body(), 200, status.statusCode());
        assertTrue(json(status).get("nodeKey").asText().matches("[0-9a-f]{64}"));
        JsonNode sync = json(status).get("sync");
        assertTrue(status.body(), sync.get("inSync").asBoolean() && sync.has("height") && sync.has("targetHeight")
                && sync.has("blocksPerSecond") && sync.has("etaSeconds"));
        HttpResponse<String> peers = get("/api/v1/network/peers", ADMIN, admin);
        assertEquals(200, peers.statusCode());
        JsonNode body = json(peers);
        assertTrue(body.get("peers").isArray() && body.get("addresses").isArray() && body.get("bans").isArray());

        addUser("netviewer", "Viewer-Password-2026", "_g_:viewergroup");
        assertEquals(200, get("/api/v1/network/peers", "netviewer", "Viewer-Password-2026").statusCode());
        assertJsonError(post("/api/v1/network/peers", "{\"address\":\"192.0.2.7:8333\"}", "netviewer", "Viewer-Password-2026"),
                403, "forbidden");
        assertJsonError(post("/api/v1/network/peers", "{\"address\":\"192.0.2.7:99999\"}", ADMIN, admin), 400, "bad_request");
        HttpResponse<String> added = post("/api/v1/network/peers", "{\"address\":\"192.0.2.7:8333\"}", ADMIN, admin);
        assertEquals(added.body(), 200, added.statusCode());
        assertTrue(get("/api/v1/network/peers", ADMIN, admin).body().contains("192.0.2.7:8333"));
    }

    @Test
    public void theShellListsAndBans() throws Exception {
        String listing = shellAsAdmin("qenex:peers");
        assertTrue(listing, listing.contains("Node key:"));
        String banned = shellAsAdmin("qenex:peers --minutes 5 ban 198.51.100.9");
        assertTrue(banned, banned.contains("banned 198.51.100.9"));
        assertTrue(shellAsAdmin("qenex:peers list").contains("198.51.100.9"));
        String viewer = shell("netshell", Set.of("viewer"), "qenex:peers list");
        assertTrue(viewer, viewer.contains("Node key:"));
    }
}
