package org.qenex.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ErrorBody;

/**
 * The console's files at {@code /console/*}: its page, script, style and the vendored charting
 * library, all from this bundle's {@code web/} folder. No data is here (the page asks the REST
 * API for everything, with the caller's login), so the files need no login themselves.
 *
 * <p>A servlet rather than a whiteboard resource so that every answer carries a Content Security
 * Policy: scripts, styles, fonts and connections from this node only, so a page that ever tried to
 * reach a CDN would fail in the browser test, not silently work on a connected machine.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ConsoleAssets.PATH, ConsoleAssets.PATH + "/*"})
@HttpWhiteboardServletName("org.qenex.console.assets")
public final class ConsoleAssets extends HttpServlet {

    /** Where the console is served. */
    public static final String PATH = "/console";

    /** What every console answer allows: this origin only; no inline script; framed by this origin only (the web console). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2",
            "txt", "text/plain; charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // "/console" without the slash: relative links in the page need the folder form
            response.sendRedirect(request.getContextPath() + PATH + "/");
            return;
        }
        String file = path.equals("/") ? "/index.html" : path;
        String type = type(file);
        URL resource = type == null ? null : ConsoleAssets.class.getResource("/web" + file);
        if (resource == null) {
            ErrorBody.write(response, HttpServletResponse.SC_NOT_FOUND, "not_found",
                    "the console has no file " + NodeRoot.shown(PATH + path), null);
            return;
        }
        response.setContentType(type);
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        // The files change only with the bundle; revalidating each time keeps an updated console current.
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = resource.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /**
     * The media type of a console file, or null for anything that is not one: a name with a
     * segment that is empty, starts with a dot (no "..", no hidden files), or an unknown extension.
     */
    static String type(String path) {
        if (!path.startsWith("/") || path.contains("\\") || path.contains("//")) {
            return null;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || !segment.matches("[A-Za-z0-9._-]+")) {
                return null;
            }
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1));
    }
}
