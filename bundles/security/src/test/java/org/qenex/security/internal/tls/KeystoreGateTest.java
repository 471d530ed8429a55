package org.qenex.security.internal.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class KeystoreGateTest {

    private static Dictionary<String, Object> config(String pid) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", pid);
        return properties;
    }

    @Test(timeout = 20_000)
    public void paxWebsConfigurationWaitsUntilTheKeystoreIsMade() throws Exception {
        CompletableFuture<String> keystore = new CompletableFuture<>();
        KeystoreGate gate = new KeystoreGate(keystore, Duration.ofMinutes(1));
        CompletableFuture<Void> delivered = CompletableFuture.runAsync(() -> gate.modifyConfiguration(null, config(KeystoreGate.PAX_WEB_PID)));

        // not delivered while the keystore is being made (a real wait, bounded: the get below times out, nothing sleeps)
        try {
            delivered.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("Pax Web's configuration was delivered before the keystore existed");
        } catch (java.util.concurrent.TimeoutException expected) {
            // still held
        }
        keystore.complete("secret");
        delivered.get(10, TimeUnit.SECONDS);
        assertTrue(delivered.isDone());
    }

    /** The password reaches Pax Web only where the shipped placeholder is; an operator's own values stay. */
    @Test(timeout = 20_000)
    public void thePasswordTakesThePlaceholdersPlaceOnly() {
        Dictionary<String, Object> properties = config(KeystoreGate.PAX_WEB_PID);
        properties.put("org.ops4j.pax.web.ssl.keystore.password", KeystoreGate.PASSWORD_PLACEHOLDER);
        properties.put("org.ops4j.pax.web.ssl.key.password", KeystoreGate.PASSWORD_PLACEHOLDER);
        properties.put("org.ops4j.pax.web.ssl.keystore", "/var/qenex/node.p12");
        properties.put("org.example.other", "$[env:QENEX_TLS_PASSWORD]");
        new KeystoreGate(CompletableFuture.completedFuture("s3cret"), Duration.ofMinutes(1)).modifyConfiguration(null, properties);
        assertEquals("s3cret", properties.get("org.ops4j.pax.web.ssl.keystore.password"));
        assertEquals("s3cret", properties.get("org.ops4j.pax.web.ssl.key.password"));
        assertEquals("/var/qenex/node.p12", properties.get("org.ops4j.pax.web.ssl.keystore"));
        assertEquals("$[env:QENEX_TLS_PASSWORD]", properties.get("org.example.other"));
        assertEquals("no system property carries it", null, System.getProperty("qenex.tls.keystore.password"));

        Dictionary<String, Object> noKeystore = config(KeystoreGate.PAX_WEB_PID);
        noKeystore.put("org.ops4j.pax.web.ssl.keystore.password", KeystoreGate.PASSWORD_PLACEHOLDER);
        new KeystoreGate(CompletableFuture.completedFuture(null), Duration.ofMinutes(1)).modifyConfiguration(null, noKeystore);
        assertEquals("no keystore: nothing filled in, Pax Web opens no port", KeystoreGate.PASSWORD_PLACEHOLDER,
                noKeystore.get("org.ops4j.pax.web.ssl.keystore.password"));
    }

    @Test(timeout = 20_000)
    public void otherConfigurationsAreNeverHeld() throws Exception {
        KeystoreGate gate = new KeystoreGate(new CompletableFuture<>(), Duration.ofMinutes(1));
        CompletableFuture.runAsync(() -> gate.modifyConfiguration(null, config("org.qenex.storage"))).get(10, TimeUnit.SECONDS);
    }

    @Test(timeout = 20_000)
    public void theWaitIsBoundedSoConfigurationAdminsOneThreadGoesOn() throws Exception {
        KeystoreGate gate = new KeystoreGate(new CompletableFuture<>(), Duration.ofMillis(50));
        long started = System.nanoTime();
        gate.modifyConfiguration(null, config(KeystoreGate.PAX_WEB_PID));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test(timeout = 20_000)
    public void aKeystoreThatCouldNotBeMadeReleasesTheConfiguration() {
        CompletableFuture<String> failed = new CompletableFuture<>();
        failed.completeExceptionally(new IllegalStateException("no disk"));
        Dictionary<String, Object> properties = config(KeystoreGate.PAX_WEB_PID);
        new KeystoreGate(failed, Duration.ofMinutes(1)).modifyConfiguration(null, properties);
        assertEquals("the configuration itself is not touched", 1, properties.size());
    }
}
