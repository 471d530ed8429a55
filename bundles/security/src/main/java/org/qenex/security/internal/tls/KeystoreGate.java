package org.qenex.security.internal.tls;

import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds Pax Web's configuration ({@value #PAX_WEB_PID}) back until the node's TLS keystore exists,
 * then puts the keystore's password where the configuration has {@value #PASSWORD_PLACEHOLDER}
 * (as {@code etc/org.ops4j.pax.web.cfg} ships): the password goes to Pax Web only, in no file under
 * {@code etc/} and in no system property (every system property is a shell variable, {@code $name}:
 * a shell session could read it). A value other than the placeholder (an operator's own keystore
 * and password) is left as it is.
 *
 * <p>Why: the keystore (its EC key, the certificate, the PKCS12 file) is made on a thread of its own
 * so that the framework's start-level thread does not wait for it (2.4-6.7 s of a first boot on
 * the shared 2-core machine; every bundle after the security bundle waited). Pax Web is the only
 * reader, and reads both when ConfigurationAdmin delivers its configuration, so this plugin (called
 * by ConfigurationAdmin before it delivers, ranked before the interpolation plugin that resolves
 * {@code $[prop:...]}) waits there. The keystore is usually ready long before: Pax Web's
 * configuration came 3-40 s after it in the logs measured. ConfigurationAdmin delivers on one thread,
 * so the wait is bounded; past it Pax Web gets an unresolved password and opens no port (fails
 * closed), as when the keystore cannot be made.
 */
public final class KeystoreGate implements ConfigurationPlugin {

    public static final String PAX_WEB_PID = "org.ops4j.pax.web";
    /** Below the Felix interpolation plugin's 500: this runs first. */
    public static final int RANKING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(KeystoreGate.class);

    /** What {@code etc/org.ops4j.pax.web.cfg} has where the node's keystore password belongs. */
    public static final String PASSWORD_PLACEHOLDER = "$[prop:qenex.tls.keystore.password]";

    private final CompletableFuture<String> keystore;
    private final Duration limit;

    /** @param keystore completes with the keystore's password once it is in place (null, or failed: it could not be) */
    public KeystoreGate(CompletableFuture<String> keystore, Duration limit) {
        this.keystore = keystore;
        this.limit = limit;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get("service.pid");
        if (pid != null && !PAX_WEB_PID.equals(pid)) {
            return;
        }
        try {
            String password = keystore.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (password != null) {
                for (String key : Collections.list(properties.keys())) {
                    if (PASSWORD_PLACEHOLDER.equals(properties.get(key))) {
                        properties.put(key, password);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // already logged where it failed; Pax Web finds no keystore and opens no port
        } catch (TimeoutException e) {
            LOG.error("The node's TLS keystore is not ready after {} s; Pax Web gets its configuration without it and opens no HTTPS port",
                    limit.toSeconds());
        }
    }
}
