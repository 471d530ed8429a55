package org.qenex.security.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.karaf.jaas.modules.EncryptionService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers the {@link Pbkdf2EncryptionService} as soon as this bundle starts, which the feature
 * does at start level 25: before Karaf's JAAS modules (level 30) and before SCR.
 *
 * <p>Why not a DS component: at every start after the first, Karaf's JAAS activator re-checks the
 * stored passwords with the configured encryption service and blocks the framework's start-level
 * thread until it appears (up to 10 s). A DS component would only be registered once SCR and this
 * bundle's start level are reached, so every restart of the node stalled for those 10 s.
 */
public final class EncryptionServiceActivator implements BundleActivator {

    private ServiceRegistration<EncryptionService> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", Pbkdf2EncryptionService.NAME);
        registration = context.registerService(EncryptionService.class, new Pbkdf2EncryptionService(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
