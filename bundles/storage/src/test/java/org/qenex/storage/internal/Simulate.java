package org.qenex.storage.internal;

import java.lang.reflect.Field;

import org.qenex.storage.internal.index.MapIndex;
import org.qenex.storage.internal.journal.Journal;

/** Test-only: leaves an engine as a killed process would, without a final checkpoint. */
final class Simulate {

    private Simulate() {
    }

    static void crash(StorageEngine engine) throws Exception {
        ((MapIndex) field(engine, "index")).abandon();
        ((Journal) field(engine, "journal")).close();
        ((StoreLock) field(engine, "lock")).close();
        ((java.util.concurrent.ExecutorService) field(engine, "checkpointer")).shutdownNow();
    }

    private static Object field(Object target, String name) throws Exception {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
