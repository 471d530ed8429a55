package org.qenex.security.internal.http;

import java.security.Principal;

/**
 * Marks a JAAS login made by the REST gateway, which throttles it itself, so that the realm's
 * {@code GuardLoginModule} does not count it a second time.
 */
public final class GatewayPrincipal implements Principal {

    @Override
    public String getName() {
        return "qenex-rest-gateway";
    }
}
