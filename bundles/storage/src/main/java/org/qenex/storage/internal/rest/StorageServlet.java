package org.qenex.storage.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ApiContext;
import org.qenex.api.storage.BackupInfo;
import org.qenex.api.storage.BackupService;
import org.qenex.api.storage.NamespaceStatistics;
import org.qenex.api.storage.StorageException;
import org.qenex.api.storage.Store;
import org.qenex.api.storage.StoreStatistics;
import org.qenex.api.storage.VerifyResult;

/**
 * {@code /api/v1/storage}: statistics ({@code GET}), backups ({@code GET|POST /backups}) and
 * verification ({@code POST /backups/{id}/verify}). Admin role only; authentication and the JSON
 * error body are the {@link ApiContext}'s.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("org.qenex.storage")
@HttpWhiteboardServletPattern("/v1/storage/*")
@HttpWhiteboardContextSelect(ApiContext.SELECT)
public final class StorageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Store store;
    private final transient BackupService backups;

    @Activate
    public StorageServlet(@Reference Store store, @Reference BackupService backups) {
        this.store = store;
        this.backups = backups;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!admin(req, resp)) {
            return;
        }
        String path = path(req);
        try {
            if (path.isEmpty()) {
                write(resp, 200, statistics(store.statistics()));
            } else if (path.equals("/backups")) {
                write(resp, 200, backups.list().stream().map(StorageServlet::backup).toList());
            } else {
                notFound(req, resp);
            }
        } catch (StorageException e) {
            fail(req, resp, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!admin(req, resp)) {
            return;
        }
        String path = path(req);
        try {
            if (path.equals("/backups")) {
                write(resp, 201, backup(backups.backup()));
            } else if (path.startsWith("/backups/") && path.endsWith("/verify")) {
                String id = path.substring("/backups/".length(), path.length() - "/verify".length());
                VerifyResult r = backups.verify(id);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", r.id());
                body.put("intact", r.intact());
                body.put("problems", r.problems());
                write(resp, 200, body);
            } else {
                notFound(req, resp);
            }
        } catch (StorageException e) {
            fail(req, resp, e);
        }
    }

    private static String path(HttpServletRequest req) {
        String info = req.getPathInfo();
        return info == null || info.equals("/") ? "" : info.endsWith("/") ? info.substring(0, info.length() - 1) : info;
    }

    private static boolean admin(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.isUserInRole(ApiContext.ROLE_ADMIN)) {
            return true;
        }
        req.setAttribute(ApiContext.ERROR_CODE, "forbidden");
        resp.sendError(403, "storage administration needs the admin role");
        return false;
    }

    private static void notFound(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.setAttribute(ApiContext.ERROR_CODE, "not_found");
        resp.sendError(404, "no such storage resource");
    }

    static int status(String code) {
        return switch (code) {
            case StorageException.UNKNOWN_BACKUP -> 404;
            case StorageException.BACKUP_TAMPERED, StorageException.STORE_LIVE -> 409;
            case StorageException.STORE_UNAVAILABLE -> 503;
            case StorageException.IO_FAILURE -> 500;
            default -> 400;
        };
    }

    private static void fail(HttpServletRequest req, HttpServletResponse resp, StorageException e) throws IOException {
        req.setAttribute(ApiContext.ERROR_CODE, e.code());
        resp.sendError(status(e.code()), e.getMessage());
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        JSON.writeValue(resp.getOutputStream(), body);
    }

    static Map<String, Object> statistics(StoreStatistics s) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> namespaces = s.namespaces().stream().map(StorageServlet::namespace).toList();
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

    private static Map<String, Object> namespace(NamespaceStatistics n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", n.name());
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
