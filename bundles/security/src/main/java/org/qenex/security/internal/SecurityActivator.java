package org.qenex.security.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.karaf.jaas.modules.EncryptionService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * <li>Creates the first {@code admin} user at the node's first start ({@link InitialAdminPassword}).</li>
 * <li>Creates the node's TLS certificate at the first start ({@link NodeCertificate}) and hands its
 * keystore password to Pax Web through the system property {@value #KEYSTORE_PASSWORD_PROPERTY},
 * which {@code etc/org.ops4j.pax.web.cfg} names as {@code $[prop:...]}: ConfigAdmin's
 * interpolation plugin resolves it when the configuration is delivered to Pax Web, so the
 * password is in no file under {@code etc/}. Pax Web starts after this, and finds the keystore.</li>
 * </ol>
 *
 * <p>These steps run before any service of the node exists, the kernel's {@code NodeContext}
 * included, and their files are the node's, not this bundle's: so they take {@code karaf.etc} and
 * {@code karaf.data} from the framework. Everything else in this bundle keeps its files in the folder
 * {@code NodeContext} gives it ({@code data/qenex/security}).
 */
public final class SecurityActivator implements BundleActivator {

    static final String KEYSTORE_PASSWORD_PROPERTY = "qenex.tls.keystore.password";
    private static final Logger LOG = LoggerFactory.getLogger(SecurityActivator.class);

    private ServiceRegistration<EncryptionService> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", Pbkdf2EncryptionService.NAME);
        registration = context.registerService(EncryptionService.class, new Pbkdf2EncryptionService(), properties);

        Path etc = Paths.get(context.getProperty("karaf.etc"));
        Path data = Paths.get(context.getProperty("karaf.data"));
        String history = context.getProperty("karaf.history");
        new NodeFilePermissions(etc, data, history == null ? null : Paths.get(history)).apply();
        createTlsIdentity(data.resolve("qenex").resolve("tls"));
        createFirstAdmin(etc.resolve("users.properties"), data.resolve("qenex").resolve("initial-admin-password"));
    }

    private static void createFirstAdmin(Path usersFile, Path passwordFile) {
        try {
            InitialAdminPassword.createIfNoUser(usersFile, passwordFile, System.getenv(), new PasswordHash(),
                    new SecureRandom(), System.out);
        } catch (IOException | RuntimeException e) {
            // The bundle still starts: the realm, tokens and audit do not depend on it, and an operator can add a user by hand.
            LOG.error("Could not create the first admin user in {}; add one to that file by hand", usersFile, e);
        }
    }

    private static void createTlsIdentity(Path directory) {
        try {
            NodeCertificate node = NodeCertificate.openOrCreate(directory, SecurityActivator::hostNames, new SecureRandom());
            System.setProperty(KEYSTORE_PASSWORD_PROPERTY, node.password());
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
        } catch (Exception e) {
            // No keystore means Pax Web opens no port: the node fails closed, never falls back to HTTP.
            LOG.error("Cannot create or open the node's TLS keystore in {}: HTTPS on the REST port is unavailable", directory, e);
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
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
