package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promises;

/**
 * A restart whose disable outlasts the timeout (a component whose deactivation waits for a busy
 * thread) still enables the component: otherwise it stays disabled for good, since a disabled
 * component registers no health check that could fail and be restarted again.
 */
public class ComponentControlTest {

    @Test
    public void aDisableThatOutlastsTheTimeoutIsStillFollowedByAnEnable() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Deferred<Void> slowDisable = new Deferred<>();
        ServiceComponentRuntime scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (p, m, a) -> switch (m.getName()) {
                    case "disableComponent" -> {
                        calls.add("disable");
                        yield slowDisable.getPromise();
                    }
                    case "enableComponent" -> {
                        calls.add("enable");
                        yield Promises.resolved(null);
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ComponentDescriptionDTO network = new ComponentDescriptionDTO();
        network.name = "org.qenex.network.internal.NetworkComponent";

        String outcome = new ComponentControl(scr, network, 50).restart();

        assertEquals(List.of("disable", "enable"), calls);
        assertTrue(outcome, outcome.startsWith("slow: disabling org.qenex.network.internal.NetworkComponent did not finish"
                + " within 50 ms") && outcome.endsWith("enabling it is queued behind the disable"));
        slowDisable.resolve(null);
    }
}
