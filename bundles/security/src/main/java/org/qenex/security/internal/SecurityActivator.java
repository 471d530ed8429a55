package org.qenex.security.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.karaf.jaas.modules.EncryptionService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationPlugin;
import org.qenex.security.internal.tls.KeystoreGate;
import org.qenex.security.internal.tls.NodeCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must be in place before the rest of the node starts; the feature starts this bundle at
 * start level 25, before Karaf's JAAS modules, the SSH server and Pax Web (30).
 *
 * <ol>
 * <li>Registers the {@link Pbkdf2EncryptionService}. Why not a DS component: at every start after
 * the first, Karaf's JAAS activator re-checks the stored passwords with the configured encryption
 * service and blocks the framework's start-level thread until it appears (up to 10 s). A DS
 * component would only be registered once SCR and this bundle's start level are reached, so every
 * restart of the node stalled for those 10 s.</li>
 * <li>Takes group and world permissions away from the node's secrets ({@link NodeFilePermissions}).</li>
 * <li>Creates the first {@code admin} user at the node's first start ({@link InitialAdminPassword}), on a
 * thread of its own ({@link FirstAdmin}: its password hash is slow and only a login needs it), and
 * registers the {@link FirstAdmin} service once {@code etc/users.properties} is the node's to change.</li>
 * <li>Creates the node's TLS certificate at the first start ({@link NodeCertificate}) and hands its
 * keystore password to Pax Web through the {@link KeystoreGate}, which puts it in Pax Web's
 * configuration as ConfigAdmin delivers it, where {@code etc/org.ops4j.pax.web.cfg} has the
 * placeholder {@value KeystoreGate#PASSWORD_PLACEHOLDER}: so the password is in no file under
 * {@code etc/}, and in no system property either (a shell session shows every system property as a
 * variable). Made on a thread of its own; the gate holds Pax Web's configuration back until it is
 * done, so Pax Web always finds the keystore.</li>
 * </ol>
 *
 * <p>These steps run before any service of the node exists, the kernel's {@code NodeContext}
 * included, and their files are the node's, not this bundle's: so they take {@code karaf.etc} and
 * {@code karaf.data} from the framework. Everything else in this bundle keeps its files in the folder
 * {@code NodeContext} gives it ({@code data/qenex/security}).
 */
public final class SecurityActivator implements BundleActivator {

    // how long Pax Web's configuration may wait for the keystore (a host name lookup can be slow)
    private static final Duration KEYSTORE_WAIT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(SecurityActivator.class);

    private ServiceRegistration<EncryptionService> registration;
    private Thread firstAdmin;
    private ServiceRegistration<FirstAdmin> firstAdminDone;
    private CompletableFuture<String> keystore;
    private ServiceRegistration<ConfigurationPlugin> keystoreGate;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", Pbkdf2EncryptionService.NAME);
        registration = context.registerService(EncryptionService.class, new Pbkdf2EncryptionService(), properties);

        Path etc = Paths.get(context.getProperty("karaf.etc"));
        Path data = Paths.get(context.getProperty("karaf.data"));
        String history = context.getProperty("karaf.history");
        new NodeFilePermissions(etc, data, history == null ? null : Paths.get(history)).apply();
        // the keystore first, off this thread: Pax Web waits for it through the gate, nothing else does
        Path tls = data.resolve("qenex").resolve("tls");
        keystore = CompletableFuture.supplyAsync(() -> createTlsIdentity(tls), task -> new Thread(task, "qenex-tls-keystore").start());
        Dictionary<String, Object> gate = new Hashtable<>();
        gate.put(ConfigurationPlugin.CM_TARGET, new String[] {KeystoreGate.PAX_WEB_PID});
        gate.put(ConfigurationPlugin.CM_RANKING, KeystoreGate.RANKING);
        keystoreGate = context.registerService(ConfigurationPlugin.class, new KeystoreGate(keystore, KEYSTORE_WAIT), gate);

        Path usersFile = etc.resolve("users.properties");
        FirstAdmin step = new FirstAdmin(usersFile, data.resolve("qenex").resolve("initial-admin-password"), System.getenv(),
                new PasswordHash(), System.out, done -> registerFirstAdmin(context, done));
        if (FirstAdmin.needed(usersFile)) {
            // the first start: the hash runs while the other bundles start (Pax Web needs only the keystore above)
            firstAdmin = new Thread(step, "qenex-first-admin");
            firstAdmin.start();
        } else {
            registerFirstAdmin(context, step);
        }
    }

    private synchronized void registerFirstAdmin(BundleContext context, FirstAdmin done) {
        firstAdminDone = context.registerService(FirstAdmin.class, done, null);
    }

    /** The keystore's password, or null when there is no keystore. */
    private static String createTlsIdentity(Path directory) {
        try {
            NodeCertificate node = NodeCertificate.openOrCreate(directory, SecurityActivator::hostNames, new SecureRandom());
            if (node.created()) {
                String line = "QENEX: created the node's TLS certificate for " + String.join(", ", node.names())
                        + ", SHA-256 fingerprint " + node.fingerprint() + "; clients trust it with " + node.pem();
                System.out.println(line);
                LOG.info("Created the node's TLS certificate for {}, SHA-256 fingerprint {}; clients trust it with {}",
                        node.names(), node.fingerprint(), node.pem());
            } else {
                LOG.info("The node's TLS certificate: SHA-256 fingerprint {}, valid until {}, in {}",
                        node.fingerprint(), node.certificate().getNotAfter().toInstant(), node.pem());
            }
            return node.password();
        } catch (Exception e) {
            // No keystore means Pax Web opens no port: the node fails closed, never falls back to HTTP.
            LOG.error("Cannot create or open the node's TLS keystore in {}: HTTPS on the REST port is unavailable", directory, e);
            return null;
        }
    }

    private static List<String> hostNames() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.equals("localhost") ? List.of() : List.of(name);
        } catch (UnknownHostException e) {
            LOG.warn("The host name is unknown; the TLS certificate is valid for localhost only");
            return List.of();
        }
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        if (firstAdmin != null) {
            // a hash cannot be interrupted; it ends within seconds, and must not write the users file after the bundle stopped
            firstAdmin.join();
        }
        // its thread writes the data folder: not after the bundle stopped
        keystore.join();
        keystoreGate.unregister();
        synchronized (this) {
            if (firstAdminDone != null) {
                firstAdminDone.unregister();
            }
        }
        registration.unregister();
    }
}
