package org.qenex.chain.internal.http;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link PublicChainResource} on and off with {@code enabled} of {@code org.qenex.chain.public}.
 * Switched off, the resource is disabled rather than answering 403: its routes then leave the API
 * (and its OpenAPI description) altogether, and nothing anonymous reaches the ledger.
 */
@Component(name = "org.qenex.chain.http.public-switch", service = {}, immediate = true,
        configurationPid = PublicChainResource.PID)
@Designate(ocd = PublicReadsConfiguration.class)
public final class PublicReadsSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(PublicReadsSwitch.class);

    private final ComponentContext context;
    private Boolean enabled;

    @Activate
    public PublicReadsSwitch(ComponentContext context, PublicReadsConfiguration config) {
        this.context = context;
        apply(config);
    }

    @Modified
    void modified(PublicReadsConfiguration config) {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        context.disableComponent(PublicChainResource.NAME);
    }

    private void apply(PublicReadsConfiguration config) {
        if (Boolean.valueOf(config.enabled()).equals(enabled)) {
            return;
        }
        enabled = config.enabled();
        if (config.enabled()) {
            context.enableComponent(PublicChainResource.NAME);
        } else {
            context.disableComponent(PublicChainResource.NAME);
        }
        LOG.info("Public chain reads (GET /api/v1/chain/info, .../nonce, .../status) are {}", config.enabled()
                ? "on, at most " + config.readsPerSecondPerClient() + "/s per client address"
                : "off (" + PublicChainResource.PID + " enabled = false)");
    }
}
