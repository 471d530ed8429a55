package org.qenex.network.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.Test;
import org.qenex.network.internal.wire.HostPort;

/**
 * {@code seeds} as docs/network.md shows it: a {@code .cfg} line {@code seeds = a,b} arrives as one
 * string, an array (a {@code .config} file, Config Admin) as several; both give every address.
 */
public class SeedsConfigurationTest {

    /** The configuration with its metatype defaults and the given seeds, as DS would hand it over. */
    private static NetworkConfiguration seeds(String... seeds) {
        return (NetworkConfiguration) Proxy.newProxyInstance(NetworkConfiguration.class.getClassLoader(),
                new Class<?>[] {NetworkConfiguration.class},
                (proxy, method, args) -> method.getName().equals("seeds") ? seeds : method.getDefaultValue());
    }

    @Test
    public void aCommaSeparatedCfgLineIsSeveralSeeds() {
        assertEquals(List.of(new HostPort("10.0.0.1", 8333), new HostPort("10.0.0.2", 9000), new HostPort("::1", 8333)),
                NetworkComponent.settings(seeds("10.0.0.1:8333, 10.0.0.2:9000,[::1]:8333")).seeds());
    }

    @Test
    public void aSeedThatIsNotAnAddressIsLeftOutWithTheFix() {
        List<String> problems = new java.util.ArrayList<>();
        assertEquals(List.of(new HostPort("10.0.0.1", 8333)),
                NetworkComponent.settings(seeds("10.0.0.1:8333, 10.0.0.2:port"), problems).seeds());
        assertEquals(List.of("seed '10.0.0.2:port' is not HOST:PORT (IPv6 as [address]:port): fix the seeds line of "
                + "etc/org.qenex.network.cfg; the other seeds are used"), problems);
    }

    @Test
    public void anArrayAndBlankEntriesAsBefore() {
        assertEquals(List.of(new HostPort("a.example", 8333), new HostPort("b.example", 8334)),
                NetworkComponent.settings(seeds("a.example:8333", " ", "b.example:8334,")).seeds());
        assertEquals(List.of(), NetworkComponent.settings(seeds()).seeds());
    }
}
