package org.qenex.kernel.internal.supervisor;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * One collection after which G1 keeps at most {@value #FREE_PERCENT} % of the heap free, where the
 * distribution otherwise lets it keep up to 70 % ({@code -XX:MaxHeapFreeRatio}, bin/setenv): the
 * flag is manageable, so it is lowered for that collection and the operator's value is put back
 * right after it.
 *
 * <p>Why only for one collection: once the start has settled, the free share G1 keeps is memory an
 * idle node holds for nothing. Under load the share applies at the end of every concurrent cycle,
 * and a low one there shrank the heap at each cycle's end until the old generation filled enough of
 * it to start the next (bin/setenv says what that cost). With the value put back, the node idles on
 * the tighter heap (G1 grows a heap only when a collection finds less than {@code MinHeapFreeRatio}
 * free or spends too long collecting), and a load grows it as G1's own sizing decides.
 */
final class TightCollection {

    private static final Logger LOG = LoggerFactory.getLogger(TightCollection.class);
    static final int FREE_PERCENT = 10;
    static final String MAX_FREE = "MaxHeapFreeRatio";
    static final String MIN_FREE = "MinHeapFreeRatio";

    /** The JVM's manageable flags, as {@link HotSpotDiagnosticMXBean} reads and sets them. */
    interface VmFlags {
        String get(String name);

        void set(String name, String value);
    }

    private TightCollection() {
    }

    /** On this JVM; only the collection where it has no such flags (not HotSpot). */
    static void run(Runnable collection) {
        HotSpotDiagnosticMXBean hotSpot;
        try {
            hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException e) {
            hotSpot = null;
        }
        if (hotSpot == null) {
            collection.run();
            return;
        }
        HotSpotDiagnosticMXBean bean = hotSpot;
        run(new VmFlags() {
            @Override
            public String get(String name) {
                return bean.getVMOption(name).getValue();
            }

            @Override
            public void set(String name, String value) {
                bean.setVMOption(name, value);
            }
        }, collection);
    }

    static void run(VmFlags flags, Runnable collection) {
        String operators;
        int tight;
        try {
            operators = flags.get(MAX_FREE);
            // never below the smallest free share, which the JVM refuses
            tight = Math.max(FREE_PERCENT, Integer.parseInt(flags.get(MIN_FREE)));
            if (Integer.parseInt(operators) <= tight) {
                collection.run();
                return;
            }
            flags.set(MAX_FREE, Integer.toString(tight));
        } catch (RuntimeException e) {
            LOG.debug("Collecting with the heap's free share as configured: {}", e.toString());
            collection.run();
            return;
        }
        try {
            collection.run();
        } finally {
            flags.set(MAX_FREE, operators);
        }
    }
}
