package org.qenex.chain.internal.crash;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.improvement.ImprovementProof;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.consensus.Qxc;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.error.ChainException;
import org.qenex.chain.internal.http.RestConfiguration;
import org.qenex.chain.internal.http.TransactionSubmitResource;
import org.qenex.storage.internal.StorageEngine;

/**
 * The child process of {@link MempoolCrashTest}: a node whose real transactions route
 * ({@code POST /api/v1/chain/transactions}, {@link TransactionSubmitResource}, through the REST kit's
 * {@link ApiDispatcher} as the node's router serves it) is served by an embedded Jetty on a loopback port, while the main thread produces blocks. It prints the next
 * nonce of each of the test's senders ({@code NONCE <index> <nonce>}, counting what is pending)
 * and then {@code LISTEN <port>}; the test's clients submit from then on and count a transfer as
 * acknowledged when they read its 202. Runs until it is killed. Arguments: store folder, random seed.
 */
public final class MempoolCrashChild {

    static final int SENDERS = 16;

    private MempoolCrashChild() {
    }

    /** The key of sender {@code index}, the same in the test and in every life of the child. */
    static KeyPair sender(int index) {
        return TestChain.key(40 + index);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        StorageEngine store = StoredChains.open(dir);
        TestChain.SlotClock clock = new TestChain.SlotClock();
        ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER, clock,
                ChainNode.Limits.DEFAULT);
        String note = node.open();
        clock.startAfter(node.head().header().timestampMillis());
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        List<KeyPair> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(sender(i));
        }
        fund(node, senders, new Random(seed));

        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler api = new ServletContextHandler();
        api.setContextPath("/api");
        ApiDispatcher routes = new ApiDispatcher();
        routes.add(new TransactionSubmitResource(node, unlimited()));
        api.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                routes.service(req, resp);
            }
        }), "/v1/*");
        server.setHandler(api);
        server.start();
        out.println("OPEN " + node.head().height() + " " + note);
        for (int i = 0; i < SENDERS; i++) {
            out.println("NONCE " + i + " " + node.account(senders.get(i).account()).nonce());
        }
        out.println("LISTEN " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        Random random = new Random(seed);
        while (true) {
            Thread.sleep(random.nextInt(60));
            node.produceBlock(List.of());
        }
    }

    /** The resource's configuration with its rate limits out of the way: every client here is 127.0.0.1. */
    private static RestConfiguration unlimited() {
        return TestChain.configuration(RestConfiguration.class,
                Map.of("submitsPerSecondPerClient", 1_000_000, "submitsPerSecondTotal", 1_000_000));
    }

    /** Mints 50 QXC to every sender short of 1 QXC (the first run on a store). */
    private static void fund(ChainNode node, List<KeyPair> senders, Random random) throws ChainException {
        List<ImprovementProof> proofs = new ArrayList<>();
        TestChain.ModelLine line = new TestChain.ModelLine(node.modelTip());
        for (KeyPair k : senders) {
            if (node.account(k.account()).balance() < Qxc.UNITS_PER_QXC) {
                proofs.add(line.next(k, 10_000, Long.toString(random.nextLong())));
            }
        }
        if (!proofs.isEmpty()) {
            node.produceBlock(proofs);
        }
    }
}
