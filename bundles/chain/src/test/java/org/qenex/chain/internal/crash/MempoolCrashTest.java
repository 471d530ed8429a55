package org.qenex.chain.internal.crash;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.chain.internal.ChainNode;
import org.qenex.chain.internal.StoredChains;
import org.qenex.chain.internal.TestChain;
import org.qenex.chain.internal.crypto.KeyPair;
import org.qenex.chain.internal.tx.Transaction;
import org.qenex.chain.internal.tx.TransactionCodec;
import org.qenex.storage.internal.StorageEngine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * No acknowledged transfer is lost, over the real REST path (single submissions and batches): {@value MempoolCrashChild#SENDERS}
 * client threads here POST signed transfers to a node's transactions servlet behind Jetty
 * ({@link MempoolCrashChild}) while it produces blocks; the node is killed with SIGKILL at a random
 * moment of that load and restarted on the same store, and every transfer whose {@code 202} a
 * client had read must be pending or in a block. A transfer seen in a block is not checked again;
 * one still pending is checked after every later restart too. A request in flight at the kill is
 * not acknowledged, so not checked (the next life's nonces account for it if it was admitted).
 * {@code -Dchain.crash.trials=N} runs more lives (default 15: 86 s on the shared 2-core machine under a load average of 16).
 */
public class MempoolCrashTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyTransferAnswered202IsPendingOrConfirmedAfterAKill() throws Exception {
        int trials = CrashHarness.trials(15);
        Path dir = folder.newFolder("store").toPath();
        Random random = new Random(7);
        Set<String> unsettled = ConcurrentHashMap.newKeySet();
        List<String> problems = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long acknowledged = 0;
        long confirmed = 0;
        for (int trial = 0; trial < trials; trial++) {
            long lifeMillis = 300 + random.nextInt(1_500);
            long[] nonces = new long[MempoolCrashChild.SENDERS];
            List<Thread> clients = new ArrayList<>();
            AtomicInteger acks = new AtomicInteger();
            AtomicLong refused = new AtomicLong();
            String[] opened = {""};
            long seed = random.nextLong();
            try (CrashHarness child = CrashHarness.start(MempoolCrashChild.class, dir.toString(), Long.toString(seed))) {
                child.forEachLine(line -> {
                    String[] parts = line.split(" ");
                    if (line.startsWith("OPEN ")) {
                        opened[0] = line;
                    } else if (line.startsWith("NONCE ")) {
                        nonces[Integer.parseInt(parts[1])] = Long.parseLong(parts[2]);
                    } else if (line.startsWith("LISTEN ")) {
                        URI submit = URI.create("http://127.0.0.1:" + parts[1] + "/api/v1/chain/transactions");
                        for (int i = 0; i < nonces.length; i++) {
                            // odd senders submit batches of 1 to 8 (acknowledged: "pending" in a 200), even ones one by one
                            Client client = new Client(http, i % 2 == 1 ? URI.create(submit + "/batch") : submit, i, nonces[i],
                                    new Random(seed + i), unsettled, acks, refused, problems, () -> child.killIn(lifeMillis));
                            Thread thread = new Thread(client, "client-" + i);
                            thread.setDaemon(true);
                            thread.start();
                            clients.add(thread);
                        }
                    }
                });
            }
            for (Thread client : clients) {
                client.join(30_000);
                assertTrue(client.getName() + " still running after the kill", !client.isAlive());
            }
            assertEquals("trial " + trial, List.of(), problems);
            acknowledged += acks.get();
            int pending = 0;
            try (StorageEngine store = StoredChains.open(dir)) {
                ChainNode node = new ChainNode(TestChain.params(), store, TestChain.validator(), TestChain.VERIFIER,
                        System::currentTimeMillis, ChainNode.Limits.DEFAULT);
                String note = node.open();
                for (Iterator<String> it = unsettled.iterator(); it.hasNext();) {
                    String id = it.next();
                    byte[] raw = HexFormat.of().parseHex(id);
                    if (node.transaction(raw).isPresent()) {
                        it.remove();
                        confirmed++;
                    } else if (node.isPending(raw)) {
                        pending++;
                    } else {
                        fail("trial " + trial + ": transfer " + id + " was answered 202 but is neither pending nor in a block ("
                                + note + ")");
                    }
                }
                System.out.println("mempool crash trial " + trial + ": " + acks.get() + " answered 202, " + refused.get()
                        + " refused, " + pending + " pending after the restart, " + confirmed + " confirmed so far; child "
                        + opened[0] + "; " + note);
            }
        }
        System.out.println("mempool crash over REST: " + trials + " kills, " + acknowledged + " transfers answered 202, none lost");
        assertTrue("the node answered 202", acknowledged > 0);
    }

    /**
     * One sender's client: signs its next transfer, POSTs it, and on a 202 counts it acknowledged
     * and moves to the next nonce. A 503 (sender or mempool limit, or a store that could not commit)
     * is retried with the same nonce. Ends when the node stops answering (the kill). On the batch
     * route it sends its next 1 to 8 nonces at once and counts each transfer answered "pending"; from
     * the first one refused 503-style it starts again.
     */
    private record Client(HttpClient http, URI submit, int index, long firstNonce, Random random, Set<String> unsettled,
            AtomicInteger acks, AtomicLong refused, List<String> problems, Runnable firstAck) implements Runnable {

        private static final Set<String> NOT_NOW = Set.of("sender_limit", "mempool_full", "not_stored");
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public void run() {
            if (submit.getPath().endsWith("/batch")) {
                runBatches();
                return;
            }
            KeyPair from = MempoolCrashChild.sender(index);
            long nonce = firstNonce;
            while (true) {
                KeyPair to = MempoolCrashChild.sender(random.nextInt(MempoolCrashChild.SENDERS));
                Transaction tx = TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), 1 + random.nextInt(100_000),
                        1_000, nonce);
                HttpResponse<String> answer;
                try {
                    answer = http.send(HttpRequest.newBuilder(submit).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encoded())).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException killed) {
                    return; // the node is gone; whatever was in flight was never acknowledged
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (answer.statusCode() == 202) {
                    if (!answer.body().contains("\"id\":\"" + tx.idHex() + "\"")) {
                        problems.add("client " + index + ": a 202 for another id: " + answer.body());
                    }
                    unsettled.add(tx.idHex());
                    acks.incrementAndGet();
                    firstAck.run();
                    nonce++;
                } else if (answer.statusCode() == 503) {
                    refused.incrementAndGet();
                    Thread.onSpinWait();
                } else {
                    // the client's nonce is exact, its sender funded: any other refusal is a fault
                    problems.add("client " + index + ": nonce " + nonce + " answered " + answer.statusCode() + " "
                            + answer.body());
                    return;
                }
            }
        }

        private void runBatches() {
            KeyPair from = MempoolCrashChild.sender(index);
            long nonce = firstNonce;
            while (true) {
                List<Transaction> batch = new ArrayList<>();
                StringBuilder body = new StringBuilder("{\"transactions\":[");
                for (int k = 1 + random.nextInt(8); batch.size() < k;) {
                    KeyPair to = MempoolCrashChild.sender(random.nextInt(MempoolCrashChild.SENDERS));
                    Transaction tx = TransactionCodec.transfer(TestChain.CHAIN_ID, from, to.account(), 1 + random.nextInt(100_000),
                            1_000, nonce + batch.size());
                    body.append(batch.isEmpty() ? "\"" : ",\"").append(HexFormat.of().formatHex(tx.encoded())).append('"');
                    batch.add(tx);
                }
                HttpResponse<String> answer;
                try {
                    answer = http.send(HttpRequest.newBuilder(submit).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException killed) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (answer.statusCode() != 200) {
                    problems.add("client " + index + ": a batch from nonce " + nonce + " answered " + answer.statusCode() + " "
                            + answer.body());
                    return;
                }
                JsonNode results;
                try {
                    results = JSON.readTree(answer.body()).path("results");
                } catch (IOException e) {
                    problems.add("client " + index + ": unreadable batch answer " + answer.body());
                    return;
                }
                for (int k = 0; k < batch.size(); k++) {
                    JsonNode result = results.path(k);
                    Transaction tx = batch.get(k);
                    if (!tx.idHex().equals(result.path("id").asText())) {
                        problems.add("client " + index + ": result " + k + " is for another id: " + answer.body());
                        return;
                    }
                    if ("pending".equals(result.path("status").asText())) {
                        unsettled.add(tx.idHex());
                        acks.incrementAndGet();
                        firstAck.run();
                        nonce++;
                    } else if (NOT_NOW.contains(result.path("error").asText())) {
                        refused.incrementAndGet();
                        break; // the later ones are skipped nonces now: sent again from this one
                    } else {
                        problems.add("client " + index + ": nonce " + tx.nonce() + " refused in a batch: " + answer.body());
                        return;
                    }
                }
            }
        }
    }
}
