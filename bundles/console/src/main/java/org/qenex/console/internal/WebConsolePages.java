package org.qenex.console.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The QENEX category of the Felix web console ({@code /system/console}): one plugin servlet per
 * console page, registered while this component is active. The web console picks up any
 * {@code Servlet} service with a {@code felix.webconsole.label}; one class serves every page, so
 * the registrations are made here rather than by one component per page.
 */
@Component(immediate = true, service = {})
public final class WebConsolePages {

    /** The web console's menu category for the pages. */
    static final String CATEGORY = "QENEX";

    private final List<ServiceRegistration<Servlet>> registrations = new ArrayList<>();

    @Activate
    public WebConsolePages(BundleContext context) {
        for (ConsolePage page : ConsolePage.ALL) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("felix.webconsole.label", page.label());
            properties.put("felix.webconsole.title", page.title());
            properties.put("felix.webconsole.category", CATEGORY);
            registrations.add(context.registerService(Servlet.class, new WebConsolePlugin(page), properties));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
