package org.qenex.kernel.internal.http;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.qenex.api.http.ApiContext;
import org.qenex.api.http.ApiException;
import org.qenex.api.http.ApiRequest;
import org.qenex.api.http.ApiResource;
import org.qenex.api.http.ApiResponse;
import org.qenex.api.http.Route;
import org.qenex.kernel.internal.deploy.DeployFolder;
import org.qenex.kernel.internal.supervisor.BundleStateName;

/**
 * The plugin jars of the hot-deploy folder, role admin: {@code GET /api/v1/plugins/files} (each
 * with the bundle installed from it), {@code PUT /api/v1/plugins/files/{file}} (the jar as the
 * body: deploys it, or updates the plugin a file of that name holds), {@code DELETE
 * /api/v1/plugins/files/{file}} (removes it; its bundle is uninstalled). Installing code is an
 * admin's act: a plugin runs with the node's rights.
 *
 * <p>The folder's watcher (Felix FileInstall) does the installing, within a few seconds of the
 * answer: {@code GET /api/v1/plugins} shows the plugin once it has started.
 */
@Component(name = "org.qenex.kernel.http.pluginfiles", service = ApiResource.class)
public final class PluginFilesResource implements ApiResource {

    /** Larger than any plugin needs; the gateway's own body limit ({@code bodyKibibytes}) applies first. */
    static final int MAX_JAR_BYTES = 32 * 1024 * 1024;

    private final DeployFolder folder;
    private final Function<Path, Optional<Bundle>> installedFrom;

    @Activate
    public PluginFilesResource(BundleContext context) {
        this(new DeployFolder(Paths.get(context.getProperty("karaf.base"), "deploy"),
                Paths.get(context.getProperty("karaf.data"), "tmp", "qenex-plugin-uploads")), file -> installedFrom(context, file));
    }

    PluginFilesResource(DeployFolder folder, Function<Path, Optional<Bundle>> installedFrom) {
        this.folder = folder;
        this.installedFrom = installedFrom;
    }

    @Route(method = "GET", path = "/v1/plugins/files", role = ApiContext.ROLE_ADMIN,
            summary = "The jars in the hot-deploy folder, each with the bundle installed from it")
    public List<Map<String, Object>> files() throws IOException {
        return folder.files().stream().map(this::describe).toList();
    }

    @Route(method = "PUT", path = "/v1/plugins/files/{file}", role = ApiContext.ROLE_ADMIN, maxBodyBytes = MAX_JAR_BYTES,
            summary = "Deploys a plugin jar (the body) as {file}, or replaces the file of that name (updates its plugin)")
    public ApiResponse put(ApiRequest request) throws IOException {
        String name = request.pathParameter("file");
        byte[] jar = request.body();
        DeployFolder.BundleIdentity identity = DeployFolder.identify(jar);
        boolean replaced = folder.write(name, jar);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", name);
        body.put("symbolicName", identity.symbolicName());
        body.put("version", identity.version());
        body.put("replaced", replaced);
        return ApiResponse.status(replaced ? 200 : 201).body(body);
    }

    @Route(method = "DELETE", path = "/v1/plugins/files/{file}", role = ApiContext.ROLE_ADMIN,
            summary = "Removes a plugin jar from the hot-deploy folder; its bundle is uninstalled")
    public void delete(ApiRequest request) throws IOException {
        String name = request.pathParameter("file");
        if (!folder.delete(name)) {
            throw ApiException.notFound("unknown_file", "no plugin file " + name + " in the deploy folder");
        }
    }

    @Override
    public ApiException error(Exception failure) {
        if (failure instanceof IllegalArgumentException) {
            return ApiException.badRequest("not_a_plugin_file", failure.getMessage());
        }
        return null;
    }

    private Map<String, Object> describe(DeployFolder.PluginFile file) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("file", file.name());
        node.put("size", file.size());
        node.put("modified", Instant.ofEpochMilli(file.modifiedMillis()).toString());
        node.put("bundle", installedFrom.apply(file.path()).map(b -> {
            Map<String, Object> bundle = new LinkedHashMap<>();
            bundle.put("id", b.getBundleId());
            bundle.put("symbolicName", b.getSymbolicName());
            bundle.put("version", b.getVersion().toString());
            bundle.put("state", BundleStateName.of(b.getState()));
            return bundle;
        }).orElse(null));
        return node;
    }

    /** The bundle FileInstall installed from {@code file} (its location is the file's URI). */
    private static Optional<Bundle> installedFrom(BundleContext context, Path file) {
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location != null && location.startsWith("file:")) {
                try {
                    if (Paths.get(URI.create(location)).toAbsolutePath().normalize().equals(file)) {
                        return Optional.of(bundle);
                    }
                } catch (IllegalArgumentException e) {
                    // a location that is no plain file URI is not one of the folder's
                }
            }
        }
        return Optional.empty();
    }
}
