package org.qenex.storage.internal.rest;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiDispatcher;
import org.qenex.api.http.testing.FakeHttp;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.InvalidInputException;
import org.qenex.api.storage.RestoreResult;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.UnknownBackupException;
import org.qenex.api.storage.VerifyResult;
import org.qenex.api.storage.Codecs;
import org.qenex.storage.internal.BundleStore;
import org.qenex.storage.internal.EngineSettings;
import org.qenex.storage.internal.NamespaceClaimant;
import org.qenex.storage.internal.IncidentSink;
import org.qenex.storage.internal.StorageComponent;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code /api/v1/storage}: admin only, and the store's error codes keep their statuses. */
public class StorageResourceTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ApiDispatcher api = new ApiDispatcher();
    private StorageComponent storage;

    @After
    public void close() {
        storage.close();
    }

    @Before
    public void open() {
        storage = new StorageComponent(EngineSettings.defaults(folder.getRoot().toPath()).withDiskLowBytes(0), IncidentSink.NONE,
                Map.of());
        api.add(new StorageResource(storage, new BackupService() {
            public BackupInfo backup() {
                throw new StorageException(StorageException.STORE_UNAVAILABLE, "the store is closed");
            }

            public List<BackupInfo> list() {
                return List.of();
            }

            public VerifyResult verify(String id) {
                if (!id.matches("[0-9]+")) {
                    throw new InvalidInputException(StorageException.INVALID_ARGUMENT, "not a backup id: " + id);
                }
                throw new UnknownBackupException(StorageException.UNKNOWN_BACKUP, "no backup " + id);
            }

            public RestoreResult restore(String id, boolean dependentsStopped) {
                throw new UnsupportedOperationException();
            }

            public RestoreResult restoreAt(Instant time, boolean dependentsStopped) {
                throw new UnsupportedOperationException();
            }
        }));
    }

    @Test
    public void adminsReadStatisticsOthersAreForbidden() {
        FakeHttp stats = FakeHttp.get("/v1/storage").as("root", ApiContext.ROLE_ADMIN).sendTo(api);
        assertEquals(200, stats.status());
        assertEquals(0, stats.json().path("position").asLong());
        assertEquals(0, stats.json().path("namespaces").size());
        assertEquals(200, FakeHttp.get("/v1/storage/backups/").as("root", ApiContext.ROLE_ADMIN).sendTo(api).status());
        FakeHttp viewer = FakeHttp.get("/v1/storage").as("v", ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR).sendTo(api);
        assertEquals(403, viewer.status());
        assertEquals("forbidden", viewer.errorCode());
    }

    @Test
    public void statisticsNameEachNamespacesOwner() {
        new BundleStore(storage, new NamespaceClaimant("org.example.weather", List.of()))
                .namespace("weather.readings", Codecs.STRING, Codecs.STRING).put("today", "sunny");
        JsonNode namespaces = FakeHttp.get("/v1/storage").as("root", ApiContext.ROLE_ADMIN).sendTo(api).json().path("namespaces");
        assertEquals(2, namespaces.size());
        assertEquals("storage.owners", namespaces.get(0).path("name").asText());
        assertEquals("weather.readings", namespaces.get(1).path("name").asText());
        assertEquals("org.example.weather", namespaces.get(1).path("owner").asText());
        assertEquals(false, namespaces.get(1).path("shared").asBoolean());
        assertEquals(1, namespaces.get(1).path("entries").asLong());
    }

    @Test
    public void storeErrorsKeepTheirCodesAndStatuses() {
        assertError(FakeHttp.post("/v1/storage/backups/no-such-backup/verify", ""), 400, StorageException.INVALID_ARGUMENT);
        assertError(FakeHttp.post("/v1/storage/backups/17/verify", ""), 404, StorageException.UNKNOWN_BACKUP);
        assertError(FakeHttp.post("/v1/storage/backups", ""), 503, StorageException.STORE_UNAVAILABLE);
        assertError(FakeHttp.post("/v1/storage/nothing", ""), 404, "not_found");
    }

    @Test
    public void aRestoreIsRequestedForTheNextStartWithClearRefusals() {
        assertError(FakeHttp.post("/v1/storage/restore", "{}"), 400, "bad_request");
        assertError(FakeHttp.post("/v1/storage/restore", "{\"backup\": \"x\", \"at\": \"2026-01-01T00:00:00Z\"}"), 400,
                "bad_request");
        assertError(FakeHttp.post("/v1/storage/restore", "{\"at\": \"yesterday\"}"), 400, "bad_request");
        assertError(FakeHttp.post("/v1/storage/restore", "{\"at\": \"2026-01-01T00:00:00Z\"}"), 400,
                StorageException.RESTORE_BEFORE_OLDEST_BACKUP);
        assertError(FakeHttp.post("/v1/storage/restore", "{\"backup\": \"20260101T000000000Z-1\"}"), 404,
                StorageException.UNKNOWN_BACKUP);
        assertError(FakeHttp.of("DELETE", "/v1/storage/restore"), 404, "no_pending_restore");
        FakeHttp operator = FakeHttp.post("/v1/storage/restore", "{\"backup\": \"x\"}")
                .as("op", ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR).sendTo(api);
        assertEquals(403, operator.status());

        String id = storage.backup().id();
        FakeHttp accepted = FakeHttp.post("/v1/storage/restore", "{\"backup\": \"" + id + "\"}").as("root", ApiContext.ROLE_ADMIN)
                .sendTo(api);
        assertEquals(accepted.text(), 202, accepted.status());
        assertEquals(id, accepted.json().path("pending").path("backup").asText());
        assertEquals("root", accepted.json().path("pending").path("requestedBy").asText());
        JsonNode pending = FakeHttp.get("/v1/storage/restore").as("root", ApiContext.ROLE_ADMIN).sendTo(api).json().path("pending");
        assertEquals(id, pending.path("backup").asText());
        assertEquals(204, FakeHttp.of("DELETE", "/v1/storage/restore").as("root", ApiContext.ROLE_ADMIN).sendTo(api).status());
        assertEquals(true, FakeHttp.get("/v1/storage/restore").as("root", ApiContext.ROLE_ADMIN).sendTo(api).json().path("pending")
                .isNull());
    }

    private void assertError(FakeHttp request, int status, String code) {
        FakeHttp answer = request.as("root", ApiContext.ROLE_ADMIN).sendTo(api);
        assertEquals(answer.text(), status, answer.status());
        assertEquals(code, answer.errorCode());
    }
}
