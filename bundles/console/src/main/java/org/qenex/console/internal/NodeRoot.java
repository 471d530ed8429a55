package org.qenex.console.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.qenex.api.http.ErrorBody;

/**
 * What the node's web server answers where nothing else is served: {@code /} leads a browser to the
 * console; any other path is a 404 in the API's error shape, naming where things are. Without it
 * the servlet container answered with its own HTML page, which named its default servlet.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("org.qenex.console.root")
public final class NodeRoot extends HttpServlet {

    static final String WHERE = "the console is at " + ConsoleAssets.PATH + "/, the REST API at /api/v1"
            + " (described by /api/v1/openapi.json), Karaf's web console at /system/console";

    private static final long serialVersionUID = 1L;
    private static final int SHOWN_PATH = 200;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (path.isEmpty() || path.equals("/")) {
            if (!read) {
                response.setHeader("Allow", "GET, HEAD");
                ErrorBody.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
                        "/ answers GET and HEAD only; " + WHERE, null);
                return;
            }
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", ConsoleAssets.PATH + "/");
            response.setHeader("Cache-Control", "no-store");
            return;
        }
        ErrorBody.write(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "nothing at " + shown(path) + "; " + WHERE,
                null);
    }

    /** A requested path as an error's detail names it: at most {@value #SHOWN_PATH} characters. */
    static String shown(String path) {
        return path.length() > SHOWN_PATH ? path.substring(0, SHOWN_PATH) + "..." : path;
    }
}
