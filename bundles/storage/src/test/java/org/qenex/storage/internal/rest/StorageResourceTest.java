package org.qenex.storage.internal.rest;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.Test;
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
import org.qenex.api.storage.testing.MemoryStore;

/** {@code /api/v1/storage}: admin only, and the store's error codes keep their statuses. */
public class StorageResourceTest {

    private final ApiDispatcher api = new ApiDispatcher();

    public StorageResourceTest() {
        api.add(new StorageResource(new MemoryStore(), new BackupService() {
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
        assertEquals(200, FakeHttp.get("/v1/storage/backups/").as("root", ApiContext.ROLE_ADMIN).sendTo(api).status());
        FakeHttp viewer = FakeHttp.get("/v1/storage").as("v", ApiContext.ROLE_VIEWER, ApiContext.ROLE_OPERATOR).sendTo(api);
        assertEquals(403, viewer.status());
        assertEquals("forbidden", viewer.errorCode());
    }

    @Test
    public void storeErrorsKeepTheirCodesAndStatuses() {
        assertError(FakeHttp.post("/v1/storage/backups/no-such-backup/verify", ""), 400, StorageException.INVALID_ARGUMENT);
        assertError(FakeHttp.post("/v1/storage/backups/17/verify", ""), 404, StorageException.UNKNOWN_BACKUP);
        assertError(FakeHttp.post("/v1/storage/backups", ""), 503, StorageException.STORE_UNAVAILABLE);
        assertError(FakeHttp.post("/v1/storage/nothing", ""), 404, "not_found");
    }

    private void assertError(FakeHttp request, int status, String code) {
        FakeHttp answer = request.as("root", ApiContext.ROLE_ADMIN).sendTo(api);
        assertEquals(answer.text(), status, answer.status());
        assertEquals(code, answer.errorCode());
    }
}
