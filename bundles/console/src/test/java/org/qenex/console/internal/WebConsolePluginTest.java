package org.qenex.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

public class WebConsolePluginTest {

    @Test
    public void eachPageMountsTheConsoleOnItsOwnPageWithTheBundlesFiles() throws Exception {
        assertEquals(9, ConsolePage.ALL.size());
        for (ConsolePage page : ConsolePage.ALL) {
            FakeHttp answer = FakeHttp.get("/system/console/" + page.label()).sendTo(new WebConsolePlugin(page));
            String html = answer.text();
            assertTrue(html, html.contains("data-page=\"" + page.id() + "\"") && html.contains("class=\"qx-embedded\""));
            assertTrue(html, html.contains("src=\"/console/app.js\"") && html.contains("src=\"/console/vendor/uplot/dist/uPlot.iife.min.js\""));
            assertTrue(page.label(), page.label().startsWith("qenex-"));
        }
    }

    @Test
    public void theScriptKnowsEveryPage() throws Exception {
        String script = FakeHttp.get("/console/app.js").sendTo(new ConsoleAssets()).text();
        for (ConsolePage page : ConsolePage.ALL) {
            assertTrue(page.id(), script.contains("{ id: '" + page.id() + "', title: '" + page.title() + "', role: '" + page.role() + "' }"));
            assertTrue(page.id(), script.contains("pages." + page.id() + " = function"));
        }
    }
}
