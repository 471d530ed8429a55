package org.qenex.kernel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.BundleContext;

public class DataLocationTest {

    private static BundleContext framework(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(DataLocationTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    public void theNodesFilesAreUnderKarafDataQenex() {
        Path data = Path.of("/srv/qenex/data");
        DataLocation location = DataLocation.of(framework(Map.of("karaf.data", data.toString())));
        assertEquals(data.resolve("qenex"), location.qenexDir());
        assertEquals(data.resolve("qenex/kernel"), location.kernelDir());
        assertEquals(data, location.karafData());
    }

    @Test
    public void withoutKarafDataTheKernelRefusesToStartRatherThanWriteIntoTheWorkingDirectory() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DataLocation.of(framework(Map.of())));
        assertEquals("the framework property karaf.data is not set", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> DataLocation.of(framework(Map.of("karaf.data", " "))));
    }
}
