package org.qenex.security.internal.jaas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.qenex.security.internal.http.LoginGuard;
import org.qenex.security.internal.intrusion.IntrusionDetector;

/**
 * Puts the {@link LoginGuard} in front of Karaf's own {@code karaf} realm, so that SSH, the web
 * console and JMX get the same lockout, hash cap, even cost and failure log as the REST API.
 *
 * <p>Registered as soon as this bundle starts (with SSH, before the kernel): it needs no data
 * folder, so Karaf's unguarded realm never answers a login on its own. Intrusion detection (the
 * blocklist) and the audit trail keep their files in the folder the kernel's {@code NodeContext}
 * gives, so they arrive with the kernel; until then, or while they restart, the realm refuses
 * every login rather than let one in unaudited or past a block.
 *
 * <p>Karaf uses the realm of a name with the highest rank; this one has rank 1 (Karaf's has 0)
 * and answers Karaf's modules, unchanged, after its own {@link GuardLoginModule}. Without
 * Karaf's realm it offers only the guard, and every login fails: it never lets anyone in by
 * itself.
 */
@Component(service = JaasRealm.class, property = GuardedKarafRealm.MARKER + "=true")
public final class GuardedKarafRealm implements JaasRealm {

    static final String MARKER = "qenex.guarded";
    static final String REALM = "karaf";

    private final LoginGuard guard;
    private final BundleContext context;
    private final List<JaasRealm> delegates = new CopyOnWriteArrayList<>();

    /** Null while the node starts (no kernel yet) or the detector restarts: logins are refused then. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IntrusionDetector detector;

    @Activate
    public GuardedKarafRealm(@Reference LoginGuard guard, BundleContext context) {
        this.guard = guard;
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + MARKER + "=true))")
    void addRealm(JaasRealm realm) {
        delegates.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        delegates.remove(realm);
    }

    @Override
    public String getName() {
        return REALM;
    }

    @Override
    public int getRank() {
        return 1;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Map<String, Object> options = new HashMap<>();
        options.put(BundleContext.class.getName(), context);
        options.put(ProxyLoginModule.PROPERTY_MODULE, GuardLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        options.put(GuardLoginModule.GUARD_OPTION, guard);
        IntrusionDetector running = detector;
        if (running != null) {
            options.put(GuardLoginModule.BLOCKED_OPTION, (Predicate<String>) running::isBlocked);
        }
        List<AppConfigurationEntry> entries = new ArrayList<>();
        entries.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, options));
        JaasRealm karaf = null;
        for (JaasRealm realm : delegates) {
            if (REALM.equals(realm.getName()) && realm.getRank() < getRank()
                    && (karaf == null || realm.getRank() > karaf.getRank())) {
                karaf = realm;
            }
        }
        if (karaf != null) {
            entries.addAll(List.of(karaf.getEntries()));
        }
        return entries.toArray(new AppConfigurationEntry[0]);
    }
}
