package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

public class TightCollectionTest {

    /** Flags as the distribution sets them (bin/setenv), each set recorded. */
    private final Map<String, String> flags = new HashMap<>(Map.of("MaxHeapFreeRatio", "70", "MinHeapFreeRatio", "10"));
    private final List<String> sets = new ArrayList<>();
    private final TightCollection.VmFlags vm = new TightCollection.VmFlags() {
        @Override
        public String get(String name) {
            return flags.get(name);
        }

        @Override
        public void set(String name, String value) {
            sets.add(name + "=" + value);
            flags.put(name, value);
        }
    };

    @Test
    public void theCollectionRunsWithTheLowerFreeShareAndTheOperatorsValueComesBackAfterIt() {
        List<String> during = new ArrayList<>();
        TightCollection.run(vm, () -> during.add(flags.get("MaxHeapFreeRatio")));
        assertEquals("one collection, with at most 10 % free", List.of("10"), during);
        assertEquals("70", flags.get("MaxHeapFreeRatio"));
        assertEquals(List.of("MaxHeapFreeRatio=10", "MaxHeapFreeRatio=70"), sets);
    }

    @Test
    public void theOperatorsValueComesBackWhenTheCollectionFails() {
        assertThrows(IllegalStateException.class, () -> TightCollection.run(vm, () -> {
            throw new IllegalStateException("collection refused");
        }));
        assertEquals("70", flags.get("MaxHeapFreeRatio"));
    }

    @Test
    public void neverBelowTheSmallestFreeShareWhichTheJvmWouldRefuse() {
        flags.put("MinHeapFreeRatio", "20");
        List<String> during = new ArrayList<>();
        TightCollection.run(vm, () -> during.add(flags.get("MaxHeapFreeRatio")));
        assertEquals(List.of("20"), during);
        assertEquals("70", flags.get("MaxHeapFreeRatio"));
    }

    @Test
    public void anOperatorsTighterShareIsLeftAlone() {
        flags.put("MaxHeapFreeRatio", "5");
        flags.put("MinHeapFreeRatio", "0");
        int[] collections = { 0 };
        TightCollection.run(vm, () -> collections[0]++);
        assertEquals(1, collections[0]);
        assertEquals("nothing set", List.of(), sets);
    }

    @Test
    public void aJvmThatRefusesTheFlagStillCollects() {
        TightCollection.VmFlags refusing = new TightCollection.VmFlags() {
            @Override
            public String get(String name) {
                return flags.get(name);
            }

            @Override
            public void set(String name, String value) {
                throw new IllegalArgumentException("not writeable");
            }
        };
        int[] collections = { 0 };
        TightCollection.run(refusing, () -> collections[0]++);
        assertEquals(1, collections[0]);
        assertEquals("70", flags.get("MaxHeapFreeRatio"));
    }

    @Test
    public void onThisJvmTheFlagIsLoweredForTheCollectionAndPutBack() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String before = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();
        int min = Integer.parseInt(hotSpot.getVMOption("MinHeapFreeRatio").getValue());
        assertTrue("the test JVM keeps more than the lowered share: " + before,
                Integer.parseInt(before) > Math.max(TightCollection.FREE_PERCENT, min));
        List<String> during = new ArrayList<>();
        TightCollection.run(() -> during.add(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()));
        assertEquals(List.of(Integer.toString(Math.max(TightCollection.FREE_PERCENT, min))), during);
        assertEquals(before, hotSpot.getVMOption("MaxHeapFreeRatio").getValue());
    }
}
