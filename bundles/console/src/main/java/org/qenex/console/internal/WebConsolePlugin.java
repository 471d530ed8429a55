package org.qenex.console.internal;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A console page inside the Felix web console, under its login (role admin). The web console draws
 * its header and menu around what this writes: the page's mount point and the console's script,
 * which then talks to {@code /api/v1/*} like the stand-alone console. The browser reuses the web
 * console's login for the API without asking again, because both answer a missing login with the
 * same Basic realm ({@code karaf}, the JAAS realm both check).
 */
final class WebConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final ConsolePage page;

    WebConsolePlugin(ConsolePage page) {
        this.page = page;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html; charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<link rel=\"stylesheet\" href=\"" + ConsoleAssets.PATH + "/vendor/uplot/dist/uPlot.min.css\">");
        out.println("<link rel=\"stylesheet\" href=\"" + ConsoleAssets.PATH + "/app.css\">");
        out.println("<div id=\"qenex-console\" class=\"qx-embedded\" data-page=\"" + page.id() + "\"></div>");
        out.println("<script src=\"" + ConsoleAssets.PATH + "/vendor/uplot/dist/uPlot.iife.min.js\"></script>");
        out.println("<script src=\"" + ConsoleAssets.PATH + "/app.js\"></script>");
    }
}
