package org.qenex.network.internal.peer;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.chain.ChainView;
import org.qenex.network.internal.handshake.NetworkKey;
import org.qenex.network.internal.handshake.PeerCertificate;
import org.qenex.network.internal.wire.HostPort;

/** In-process nodes on loopback ports the system picks, each with its own data folder; stopped, and their folders deleted, after the test. */
final class TestNodes extends ExternalResource {

    private final List<PeerNetworkEngine> started = new ArrayList<>();
    // JUnit's own folder rule, run by this one: every node's data folder is made in it and deleted with it
    private final TemporaryFolder folders = new TemporaryFolder();
    private final List<FakeLedger> ledgers = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    PeerNetworkEngine start(ChainView chain, HostPort... seeds) throws IOException, GeneralSecurityException {
        return start(chain, folder(), seeds);
    }

    /** A new data folder, deleted after the test. */
    Path folder() throws IOException {
        return folders.newFolder().toPath();
    }

    @Override
    protected void before() throws IOException {
        folders.create();
    }

    PeerNetworkEngine start(ChainView chain, Path folder, HostPort... seeds) throws IOException, GeneralSecurityException {
        NetworkSettings defaults = NetworkSettings.defaults("127.0.0.1", 0, List.of(seeds));
        // small limits (frames, queue, messages per second) so a test reaches them quickly
        NetworkSettings settings = new NetworkSettings(defaults.bindAddress(), 0, defaults.seeds(), 8, 8, 64 * 1024,
                256 * 1024, 50, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                1, "qenex-test");
        PeerNetworkEngine engine = new PeerNetworkEngine(settings, NetworkKey.loadOrCreate(folder, random),
                PeerCertificate.generate("test", random), chain, folder, random);
        engine.start();
        started.add(engine);
        return engine;
    }

    /**
     * A node with a ledger ({@link FakeLedger}) that dials at most {@code outboundTarget} peers (0 or
     * 1 keeps a line topology: no node dials the addresses it learns beyond that), with a request
     * timeout of 1 s so that stalls show quickly.
     */
    PeerNetworkEngine startWithLedger(FakeLedger ledger, int outboundTarget, HostPort... seeds)
            throws IOException, GeneralSecurityException {
        return startWithLedger(ledger, outboundTarget, Duration.ofSeconds(1), seeds);
    }

    PeerNetworkEngine startWithLedger(FakeLedger ledger, int outboundTarget, Duration requestTimeout, HostPort... seeds)
            throws IOException, GeneralSecurityException {
        Path folder = folder();
        NetworkSettings settings = new NetworkSettings("127.0.0.1", 0, List.of(seeds), outboundTarget, 8, 256 * 1024,
                1024 * 1024, 50, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                1, "qenex-test");
        PeerNetworkEngine engine = new PeerNetworkEngine(settings, new RelaySettings(requestTimeout, 16, 10,
                settings.maxFrameBytes()), NetworkKey.loadOrCreate(folder, random), PeerCertificate.generate("test", random),
                ledger, () -> ledger, folder, random);
        ledger.listen(engine.listener());
        engine.start();
        started.add(engine);
        ledgers.add(ledger);
        return engine;
    }

    static HostPort address(PeerNetworkEngine engine) {
        return new HostPort("127.0.0.1", engine.boundPort());
    }

    /** Waits for {@code condition}, up to 30 s (the machine may be loaded); false if it never held. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Override
    protected void after() {
        started.forEach(PeerNetworkEngine::stop);
        for (FakeLedger ledger : ledgers) {
            try {
                ledger.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        folders.delete();
    }
}
