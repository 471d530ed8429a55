package org.qenex.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.qenex.api.http.testing.FakeHttp;

public class ConsoleAssetsTest {

    private final ConsoleAssets assets = new ConsoleAssets();

    @Test
    public void servesThePageWithAPolicyThatAllowsThisNodeOnly() throws Exception {
        FakeHttp page = FakeHttp.get("/console/").sendTo(assets);
        assertEquals(200, page.status());
        assertEquals("text/html; charset=UTF-8", page.header("Content-Type"));
        assertTrue(page.text(), page.text().contains("id=\"qenex-console\""));
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy, policy.contains("default-src 'self'") && policy.contains("script-src 'self'")
                && policy.contains("connect-src 'self'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
    }

    @Test
    public void everyFileThePageNamesIsInTheBundle() throws Exception {
        // The page must work offline: every script and style it links is served from here, none from elsewhere.
        String html = FakeHttp.get("/console/index.html").sendTo(assets).text();
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (links.find()) {
            String link = links.group(1);
            assertTrue("relative, same node: " + link, !link.contains(":") && !link.startsWith("//"));
            FakeHttp file = FakeHttp.get("/console/" + link).sendTo(assets);
            assertEquals(link, 200, file.status());
            assertTrue(link, file.text().length() > 100);
            count++;
        }
        assertEquals("favicon, two styles, two scripts", 5, count);
        assertTrue(FakeHttp.get("/console/vendor/uplot/dist/uPlot.iife.min.js").sendTo(assets).text().contains("uPlot"));
    }

    @Test
    public void refusesPathsOutsideItsFolderAndUnknownKinds() throws Exception {
        assertEquals(404, FakeHttp.get("/console/../org/qenex/console/internal/ConsoleAssets.class").sendTo(assets).status());
        assertEquals(404, FakeHttp.get("/console/vendor/uplot/LICENSE").sendTo(assets).status());
        assertEquals(404, FakeHttp.get("/console/missing.js").sendTo(assets).status());
        assertNull(ConsoleAssets.type("/a/../b.js"));
        assertNull(ConsoleAssets.type("/.hidden.js"));
        assertNull(ConsoleAssets.type("/a//b.js"));
        assertNull(ConsoleAssets.type("/a%2e%2e/b.js"));
        assertEquals("text/javascript; charset=UTF-8", ConsoleAssets.type("/vendor/uplot/dist/uPlot.iife.min.js"));
    }

    @Test
    public void theChartingLibrarysLicenceShipsWithIt() {
        assertTrue(ConsoleAssets.class.getResource("/web/vendor/uplot/LICENSE") != null);
    }
}
