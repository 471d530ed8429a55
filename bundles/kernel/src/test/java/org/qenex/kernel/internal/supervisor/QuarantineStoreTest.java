package org.qenex.kernel.internal.supervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class QuarantineStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aMissingFileMeansNothingIsQuarantined() throws Exception {
        assertTrue(new QuarantineStore(folder.getRoot().toPath().resolve("none/quarantine.json")).load().isEmpty());
    }

    @Test
    public void entriesSurviveASaveAndALoadByAnotherInstance() throws Exception {
        Path file = folder.getRoot().toPath().resolve("kernel/quarantine.json");
        QuarantineEntry component = new QuarantineEntry("component:org.qenex.demo.Flaky", "failed again after 3 restarts",
                Instant.ofEpochMilli(1_700_000_000_123L), "org.qenex.demo", "org.qenex.demo.Flaky", false);
        QuarantineEntry bundle = new QuarantineEntry("bundle:org.qenex.crashy", "activator threw \"boom\"\nline 2",
                Instant.ofEpochMilli(1_700_000_111_000L), "org.qenex.crashy", null, true);
        new QuarantineStore(file).save(List.of(component, bundle));

        Map<String, QuarantineEntry> loaded = new QuarantineStore(file).load();

        assertEquals(2, loaded.size());
        assertEquals(component, loaded.get(component.part()));
        assertEquals(bundle, loaded.get(bundle.part()));
    }

    @Test
    public void anEntryWrittenBeforeCriticalityWasKeptIsCritical() throws Exception {
        Path file = folder.getRoot().toPath().resolve("old/quarantine.json");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "{\"quarantined\":[{\"part\":\"health:x\",\"reason\":\"r\","
                + "\"since\":0,\"bundle\":\"x\",\"component\":null}]}");
        assertTrue(new QuarantineStore(file).load().get("health:x").critical());
    }

    @Test
    public void savingAnEmptyListLiftsEveryQuarantine() throws Exception {
        Path file = folder.getRoot().toPath().resolve("quarantine.json");
        QuarantineStore store = new QuarantineStore(file);
        store.save(List.of(new QuarantineEntry("bundle:x", "r", Instant.EPOCH, "x", null, true)));
        store.save(List.of());
        assertTrue(store.load().isEmpty());
    }
}
