package org.qenex.storage.internal.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.VerifyResult;
import org.qenex.storage.internal.NamespaceOwner;
import org.qenex.storage.internal.PendingRestore;
import org.qenex.storage.internal.StorageComponent;

/**
 * {@code /api/v1/storage}: statistics ({@code GET}), backups ({@code GET|POST /backups}),
 * verification ({@code POST /backups/{id}/verify}) and a restore at the next start
 * ({@code GET|POST|DELETE /restore}). Admin role only.
 */
@Component(service = ApiResource.class)
public final class StorageResource implements ApiResource {

    private final StorageComponent storage;
    private final BackupService backups;

    /** {@code storage} itself, not a bundle's {@code Store} view: an administrator sees every namespace and its owner. */
    @Activate
    public StorageResource(@Reference StorageComponent storage, @Reference BackupService backups) {
        this.storage = storage;
        this.backups = backups;
    }

    @Route(method = "GET", path = "/v1/storage", role = ApiContext.ROLE_ADMIN,
            summary = "The store's namespaces, journal, index, cache and compression")
    public Map<String, Object> statistics() {
        return statistics(storage.statistics(), storage.owners());
    }

    @Route(method = "GET", path = "/v1/storage/backups", role = ApiContext.ROLE_ADMIN, summary = "The backups")
    public List<Map<String, Object>> list() {
        return backups.list().stream().map(StorageResource::backup).toList();
    }

    @Route(method = "POST", path = "/v1/storage/backups", role = ApiContext.ROLE_ADMIN, summary = "Takes a backup now")
    public ApiResponse backup() {
        return ApiResponse.status(201).body(backup(backups.backup()));
    }

    @Route(method = "POST", path = "/v1/storage/backups/{id}/verify", role = ApiContext.ROLE_ADMIN,
            summary = "Checks a backup's checksums")
    public Map<String, Object> verify(ApiRequest request) {
        VerifyResult r = backups.verify(request.pathParameter("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id());
        body.put("intact", r.intact());
        body.put("problems", r.problems());
        return body;
    }

    /** The body of {@code POST /v1/storage/restore}: one of the two. */
    public record RestoreRequest(String backup, String at) {
    }

    @Route(method = "GET", path = "/v1/storage/restore", role = ApiContext.ROLE_ADMIN,
            summary = "The restore waiting for the node's next start, if any")
    public Map<String, Object> pendingRestore() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending", storage.pendingRestore().map(StorageResource::restore).orElse(null));
        return body;
    }

    /**
     * A restore replaces what the chain and the AI hold in memory, so it is not done under them:
     * it is recorded, checked, and done when the store next opens, before any subsystem reads it.
     */
    @Route(method = "POST", path = "/v1/storage/restore", role = ApiContext.ROLE_ADMIN,
            summary = "Restores a backup, or the store as it was at a time, at the node's next start")
    public ApiResponse requestRestore(ApiRequest request) {
        RestoreRequest wanted = ApiRequest.required(request.body(RestoreRequest.class), "body");
        if ((wanted.backup() == null) == (wanted.at() == null)) {
            throw ApiException.badRequest("bad_request", "give either \"backup\" (a backup id) or \"at\" (an ISO-8601 time), not both");
        }
        Instant at;
        try {
            at = wanted.at() == null ? null : Instant.parse(wanted.at());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("bad_request", "\"at\" is not an ISO-8601 time such as 2026-12-06T03:00:00Z: " + wanted.at());
        }
        PendingRestore.Request pending = storage.requestRestore(wanted.backup(), at, request.user());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pending", restore(pending));
        body.put("detail", "restart the node to restore (bin/stop, then bin/start): the store is restored when it opens, "
                + "before the chain and the AI read it; until then DELETE /api/v1/storage/restore withdraws the request");
        return ApiResponse.status(202).body(body);
    }

    @Route(method = "DELETE", path = "/v1/storage/restore", role = ApiContext.ROLE_ADMIN,
            summary = "Withdraws the restore waiting for the next start")
    public void cancelRestore() {
        if (!storage.cancelRestore()) {
            throw ApiException.notFound("no_pending_restore", "no restore is waiting for the next start");
        }
    }

    private static Map<String, Object> restore(PendingRestore.Request r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backup", r.backupId());
        body.put("at", r.at() == null ? null : r.at().toString());
        body.put("requested", r.requested().toString());
        body.put("requestedBy", r.requestedBy());
        return body;
    }

    @Override
    public ApiException error(Exception failure) {
        return failure instanceof StorageException e ? new ApiException(status(e.code()), e.code(), e.getMessage()) : null;
    }

    static int status(String code) {
        return switch (code) {
            case StorageException.UNKNOWN_BACKUP -> 404;
            case StorageException.NAMESPACE_NOT_OWNED -> 403;
            case StorageException.BACKUP_TAMPERED, StorageException.STORE_LIVE -> 409;
            case StorageException.STORE_UNAVAILABLE -> 503;
            case StorageException.IO_FAILURE -> 500;
            default -> 400;
        };
    }

    static Map<String, Object> statistics(StoreStatistics s, Map<String, NamespaceOwner> owners) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> namespaces = s.namespaces().stream().map(n -> namespace(n, owners.get(n.name()))).toList();
        body.put("namespaces", namespaces);
        body.put("position", s.lastPosition());
        body.put("journalBytes", s.journalBytes());
        body.put("indexBytes", s.indexBytes());
        body.put("diskFreeBytes", s.diskFreeBytes());
        body.put("cacheEntries", s.cacheEntries());
        body.put("cacheBytes", s.cacheBytes());
        body.put("cacheHits", s.cacheHits());
        body.put("cacheMisses", s.cacheMisses());
        body.put("cacheHitRate", s.cacheHitRate());
        body.put("compressionRatio", s.compressionRatio());
        return body;
    }

    private static Map<String, Object> namespace(NamespaceStatistics n, NamespaceOwner owner) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", n.name());
        body.put("owner", owner == null ? null : owner.bundle());
        body.put("shared", owner != null && owner.shared());
        body.put("compression", n.compression().name());
        body.put("entries", n.entries());
        body.put("keyBytes", n.keyBytes());
        body.put("valueBytes", n.valueBytes());
        body.put("storedValueBytes", n.storedValueBytes());
        body.put("compressionRatio", n.compressionRatio());
        return body;
    }

    static Map<String, Object> backup(BackupInfo b) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", b.id());
        body.put("created", b.created().toString());
        body.put("position", b.position());
        body.put("namespaces", b.namespaces());
        body.put("entries", b.entries());
        body.put("sizeBytes", b.sizeBytes());
        return body;
    }
}
