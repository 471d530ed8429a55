package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.qenex.itests.UnpackedDistribution.freePort;
import static org.qenex.itests.UnpackedDistribution.https;
import static org.qenex.itests.UnpackedDistribution.replaceLine;
import static org.qenex.itests.UnpackedDistribution.run;
import static org.qenex.itests.UnpackedDistribution.unpack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Level;


import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The QENEX console in a real browser: Debian's Chromium, headless, driven by Selenium through the
 * system's chromedriver (nothing is downloaded), against the distribution unpacked and started with
 * its own scripts. An admin goes through the web console's QENEX pages with the web console's
 * login, an operator creates wallets, submits a candidate and sends the coins it earned, a viewer
 * sees every page and can act on none. Screenshots of every page go to
 * {@code target/console-screenshots/}.
 */
public class ConsoleIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final String ADMIN_PASSWORD = "console-admin-password-7";
    private static final String OPERATOR = "olga";
    private static final String OPERATOR_PASSWORD = "olga-operator-password-7";
    private static final String VIEWER = "vic";
    private static final String VIEWER_PASSWORD = "vic-viewer-password-7";
    private static final List<String> PAGES = List.of("overview", "chain", "wallets", "ai", "storage", "plugins", "network", "alerts", "logs");

    /** What the node was doing, added to a timed-out wait's failure (a wait is static; the node is not). */
    private static volatile Supplier<String> nodeState = () -> "";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<WebDriver> browsers = new ArrayList<>();
    private Path home;
    private Process karaf;
    private Path consoleOut;
    private Path screenshots;
    private int httpPort;
    private int sshPort;
    private HttpClient https;

    @Before
    public void unpackAndStart() throws Exception {
        assertTrue("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (bash .ci/run does)",
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
        screenshots = Paths.get("target", "console-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        home = unpack("console-it");
        httpPort = freePort();
        sshPort = freePort();
        replaceLine(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port.secure",
                "org.osgi.service.http.port.secure = " + httpPort);
        replaceLine(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", "sshPort = " + sshPort);
        // The test's own candidate is the only one judged (no improver using the CPU); a block at every turn (5 s).
        Files.writeString(home.resolve("etc/org.qenex.ai.improver.cfg"), "enabled = false\n");
        Files.writeString(home.resolve("etc/org.qenex.chain.producer.cfg"), "emptyBlockSeconds = 0\n");
        Files.writeString(home.resolve("etc/org.qenex.network.cfg"), "port = 0\nbindAddress = 127.0.0.1\n");
        consoleOut = home.resolve("console.out");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(consoleOut.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("QENEX_ADMIN_PASSWORD", ADMIN_PASSWORD);
        karaf = builder.start();
        nodeState = this::nodeState;
        await("the console's session endpoint", BOOT_TIMEOUT, () -> Files.exists(pem())
                && api("GET", "/api/v1/session", "admin", ADMIN_PASSWORD, null).statusCode() == 200);
        assertEquals(201, api("POST", "/api/v1/users", "admin", ADMIN_PASSWORD,
                "{\"name\":\"" + OPERATOR + "\",\"password\":\"" + OPERATOR_PASSWORD + "\",\"roles\":[\"operator\"]}").statusCode());
        assertEquals(201, api("POST", "/api/v1/users", "admin", ADMIN_PASSWORD,
                "{\"name\":\"" + VIEWER + "\",\"password\":\"" + VIEWER_PASSWORD + "\",\"roles\":[\"viewer\"]}").statusCode());
        String mining = client("qenex:mine start");
        assertTrue(mining, mining.contains("Verifier:        present"));
    }

    @After
    public void stop() throws Exception {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        if (karaf != null && karaf.isAlive()) {
            // bin/karaf is a shell script: the JVM is its child and must not outlive the test
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void eachRoleUsesTheConsoleAsTheApiAllows() throws Exception {
        adminUsesTheWebConsolesQenexPages();
        operatorEarnsAndSendsCoins();
        viewerSeesEverythingAndCanDoNothing();
    }

    /** The web console's login (role admin) is the API's: no second login for the pages' REST calls. */
    private void adminUsesTheWebConsolesQenexPages() throws Exception {
        WebDriver admin = browser();
        // Credentials in the URL stand in for the browser's login dialog (headless has none).
        admin.get(base("admin", ADMIN_PASSWORD) + "/system/console/qenex-overview");
        waitFor(admin, By.cssSelector("#qx-user[data-roles='admin operator viewer']"), Duration.ofSeconds(60));
        String menu = admin.getPageSource();
        for (String page : PAGES) {
            assertTrue("the web console's menu links qenex-" + page, menu.contains("qenex-" + page));
        }
        waitFor(admin, By.cssSelector("#qx-health table"), Duration.ofSeconds(30));
        waitFor(admin, By.cssSelector(".qx-chart .uplot"), Duration.ofSeconds(30));
        shoot(admin, "admin-overview");
        for (String page : PAGES) {
            admin.get(base(null, null) + "/system/console/qenex-" + page);
            WebElement view = waitFor(admin, By.cssSelector("#qx-view[data-page='" + page + "']"), Duration.ofSeconds(30));
            assertTrue(page, view.findElements(By.cssSelector(".qx-needs-role")).isEmpty());
            awaitNoWorking(admin);
            shoot(admin, "admin-" + page);
        }

        // Storage: take a backup and verify it, through the page
        admin.get(base(null, null) + "/system/console/qenex-storage");
        WebElement take = waitFor(admin, By.xpath("//button[text()='Take a backup now']"), Duration.ofSeconds(30));
        take.click();
        waitFor(admin, By.xpath("//section[@id='qx-backups']//p[contains(@class,'qx-msg')] | //section[@id='qx-backups']//table[contains(@class,'qx-kv')]"),
                Duration.ofSeconds(60));
        WebElement verify = waitFor(admin, By.xpath("//section[@id='qx-backups']//button[text()='Verify']"), Duration.ofSeconds(60));
        verify.click();
        until(admin, Duration.ofSeconds(60), d -> !d.findElements(
                By.xpath("//section[@id='qx-backups']//div[contains(@class,'qx-result')]//table")).isEmpty()
                || !d.findElements(By.cssSelector("#qx-backups .qx-error")).isEmpty());
        assertTrue("verifying the backup: " + text(admin, "#qx-backups"), admin.findElements(By.cssSelector("#qx-backups .qx-error")).isEmpty());
        shoot(admin, "admin-storage-backup");

        // Restore: requested for the next start (never under the running chain), shown, withdrawn
        String backupId = mapper.readTree(api("GET", "/api/v1/storage/backups", "admin", ADMIN_PASSWORD, null).body()).get(0)
                .path("id").asText();
        WebElement restore = waitFor(admin, By.cssSelector("#qx-restore form"), Duration.ofSeconds(30));
        restore.findElement(By.name("backup")).sendKeys(backupId);
        restore.findElement(By.cssSelector("button[type=submit]")).click();
        admin.switchTo().alert().accept();
        until(admin, Duration.ofSeconds(30), d -> backupId.equals(d.findElement(By.cssSelector("#qx-restore .qx-pending-restore"))
                .getAttribute("data-pending")));
        assertTrue(text(admin, "#qx-restore"), text(admin, "#qx-restore").contains("Restart the node to restore"));
        shoot(admin, "admin-storage-restore-requested");
        waitFor(admin, By.xpath("//section[@id='qx-restore']//button[text()='Withdraw']"), Duration.ofSeconds(30)).click();
        until(admin, Duration.ofSeconds(30), d -> "".equals(d.findElement(By.cssSelector("#qx-restore .qx-pending-restore"))
                .getAttribute("data-pending")));
        assertEquals("nothing waits for the next start", "null",
                mapper.readTree(api("GET", "/api/v1/storage/restore", "admin", ADMIN_PASSWORD, null).body()).path("pending").toString());

        // Plugins: deploy the example plugin by upload, see it run, remove it
        Path hello = Paths.get(System.getProperty("qenex.helloPlugin")).toRealPath();
        String file = hello.getFileName().toString();
        admin.get(base(null, null) + "/system/console/qenex-plugins");
        waitFor(admin, By.cssSelector("#qx-plugin-files input[name=jar]"), Duration.ofSeconds(30)).sendKeys(hello.toString());
        admin.findElement(By.cssSelector("#qx-plugin-files button[type=submit]")).click();
        until(admin, Duration.ofSeconds(30), d -> text(d, "#qx-plugin-files .qx-result").contains("deployed " + file));
        By helloRow = By.xpath("//section[@id='qx-plugins']//tr[td[1][text()='hello']]");
        reloadUntil(admin, "the hello plugin listed and ACTIVE", d -> d.findElements(helloRow).stream().anyMatch(r -> r.getText().contains("ACTIVE")));
        shoot(admin, "admin-plugin-deployed");
        By remove = By.cssSelector("#qx-plugin-files button[data-file='" + file + "']");
        until(admin, Duration.ofSeconds(30), d -> {
            try {
                d.findElement(remove).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return null; // the list was redrawn (a plugin event) or is not there yet: again
            }
        });
        admin.switchTo().alert().accept();
        until(admin, Duration.ofSeconds(30), d -> text(d, "#qx-plugin-files .qx-result").contains("removed " + file));
        reloadUntil(admin, "the hello plugin gone", d -> d.findElements(helloRow).isEmpty()
                && !d.findElements(By.cssSelector("#qx-plugins table")).isEmpty());
        assertNoPolicyViolationsOrScriptErrors(admin);
    }

    private void operatorEarnsAndSendsCoins() throws Exception {
        WebDriver operator = login(OPERATOR, OPERATOR_PASSWORD);
        operator.get(base(null, null) + "/console/#wallets");
        waitFor(operator, By.cssSelector("#qx-user[data-roles='operator viewer']"), Duration.ofSeconds(30));
        String alice = createWallet(operator, "alice", "alice-passphrase");
        String bob = createWallet(operator, "bob", "bob-passphrase");
        shoot(operator, "operator-wallets");

        // alice signs a candidate (J48 beats the majority-class baseline); the page follows its state
        operator.get(base(null, null) + "/console/#ai");
        WebElement form = waitFor(operator, By.cssSelector("#qx-submit form"), Duration.ofSeconds(30));
        until(operator, Duration.ofSeconds(30), d -> !new Select(form.findElement(By.name("wallet"))).getOptions().isEmpty());
        new Select(form.findElement(By.name("wallet"))).selectByValue("alice");
        form.findElement(By.name("passphrase")).sendKeys("alice-passphrase");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement state = waitFor(operator, By.cssSelector("#qx-submit [data-candidate-state]"), Duration.ofSeconds(30));
        shoot(operator, "operator-ai-submitted");
        until(operator, Duration.ofSeconds(240), d -> List.of("accepted", "rejected", "failed")
                .contains(state.getAttribute("data-candidate-state")));
        assertEquals(state.getText(), "accepted", state.getAttribute("data-candidate-state"));
        // the new version joins the list without a reload (its ai.version event), and re-checks intact
        WebElement verifyVersion = waitFor(operator, By.cssSelector("#qx-versions button.qx-verify-version"), Duration.ofSeconds(30));
        shoot(operator, "operator-ai-accepted");
        verifyVersion.click();
        WebElement checked = waitFor(operator, By.cssSelector("#qx-versions [data-version-intact]"), Duration.ofSeconds(60));
        assertEquals(checked.getText(), "true", checked.getAttribute("data-version-intact"));

        // the chain mints alice's reward; the wallets page shows it, and alice sends 1 QXC to bob
        operator.get(base(null, null) + "/console/#wallets");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (balance(alice) == 0) {
            if (System.nanoTime() > deadline) {
                fail("alice's reward was not minted");
            }
            Thread.sleep(1000);
        }
        WebElement send = waitFor(operator, By.cssSelector("#qx-send form"), Duration.ofSeconds(30));
        new Select(send.findElement(By.name("from"))).selectByValue("alice");
        send.findElement(By.name("to")).sendKeys(bob);
        send.findElement(By.name("amount")).sendKeys("1");
        send.findElement(By.name("passphrase")).sendKeys("alice-passphrase");
        send.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement tx = waitFor(operator, By.cssSelector("#qx-send [data-tx-status]"), Duration.ofSeconds(30));
        until(operator, Duration.ofSeconds(60), d -> !"pending".equals(tx.getAttribute("data-tx-status")));
        assertTrue(tx.getText(), List.of("confirmed", "final").contains(tx.getAttribute("data-tx-status")));
        assertEquals("bob received 1 QXC", 100_000_000L, balance(bob));
        until(operator, Duration.ofSeconds(30), d -> text(d, "#qx-wallets").contains(bob)
                && rowOf(d, "bob").contains("1"));
        shoot(operator, "operator-transfer-confirmed");

        // the chain page shows the block that carried it, and finds the transaction by id
        String id = tx.getText().replaceAll(".*transaction ([0-9a-f]{64}).*", "$1");
        operator.get(base(null, null) + "/console/#chain");
        WebElement lookup = waitFor(operator, By.cssSelector("#qx-lookup form"), Duration.ofSeconds(30));
        lookup.findElement(By.name("key")).sendKeys(id);
        lookup.findElement(By.cssSelector("button[type=submit]")).click();
        until(operator, Duration.ofSeconds(30), d -> text(d, "#qx-lookup .qx-result").contains("blockHeight"));
        assertTrue(text(operator, "#qx-lookup .qx-result"), text(operator, "#qx-lookup .qx-result").contains(alice));
        shoot(operator, "operator-chain-lookup");

        // an operator is no admin: the storage page says so, and the API refuses it anyway
        operator.get(base(null, null) + "/console/#storage");
        waitFor(operator, By.cssSelector(".qx-needs-role"), Duration.ofSeconds(30));
        assertEquals(403, fetchStatus(operator, "POST", "/api/v1/storage/backups"));
        assertNoPolicyViolationsOrScriptErrors(operator);
    }

    private void viewerSeesEverythingAndCanDoNothing() throws Exception {
        WebDriver viewer = login(VIEWER, VIEWER_PASSWORD);
        // a browser that never opened the console before draws the samples the node kept (every 10 s since it started)
        viewer.get(base(null, null) + "/console/#overview");
        WebElement charts = waitFor(viewer, By.cssSelector(".qx-charts[data-points]"), Duration.ofSeconds(30));
        int points = Integer.parseInt(charts.getAttribute("data-points"));
        assertTrue("samples held by the node on first load: " + points, points >= 6);
        for (String page : PAGES) {
            viewer.get(base(null, null) + "/console/#" + page);
            waitFor(viewer, By.cssSelector("#qx-view[data-page='" + page + "']"), Duration.ofSeconds(30));
            awaitNoWorking(viewer);
            // the only controls a viewer gets are the chain lookup and the read-only detail buttons
            List<String> actions = viewer.findElements(By.cssSelector("#qx-view button")).stream().map(WebElement::getText)
                    .filter(label -> !List.of("Look up", "Leaderboard", "Details").contains(label)).toList();
            assertEquals(page + " offers a viewer " + actions, List.of(), actions);
            assertTrue(page, viewer.findElements(By.cssSelector("#qx-view input[type=password]")).isEmpty());
            shoot(viewer, "viewer-" + page);
        }
        viewer.get(base(null, null) + "/console/#wallets");
        assertTrue(waitFor(viewer, By.cssSelector(".qx-needs-role"), Duration.ofSeconds(30)).getText().contains("operator"));
        viewer.get(base(null, null) + "/console/#ai");
        until(viewer, Duration.ofSeconds(30), d -> text(d, "#qx-submit").contains("needs the role operator"));
        // what the page hides, the API refuses
        assertEquals(403, fetchStatus(viewer, "POST", "/api/v1/wallets"));
        assertEquals(403, fetchStatus(viewer, "POST", "/api/v1/ai/candidates"));
        assertEquals(403, fetchStatus(viewer, "GET", "/api/v1/storage"));
        assertEquals(200, fetchStatus(viewer, "GET", "/api/v1/chain/head"));
        assertNoPolicyViolationsOrScriptErrors(viewer);
    }

    // ---- browser -------------------------------------------------------------------------

    private WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the node's own self-signed certificate (the test trusts it by its PEM for its own calls)
        options.setAcceptInsecureCerts(true);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--window-size=1400,1000",
                "--disable-features=Translate");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The system's chromedriver, named: Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browsers.add(driver);
        return driver;
    }

    /** A browser logged in as {@code user}: the API's login answered once, as the login dialog would. */
    private WebDriver login(String user, String password) {
        WebDriver browser = browser();
        browser.get(base(user, password) + "/api/v1/session");
        assertTrue(browser.getPageSource(), browser.getPageSource().contains("\"user\":\"" + user + "\""));
        return browser;
    }

    private String createWallet(WebDriver browser, String name, String passphrase) throws Exception {
        WebElement form = waitFor(browser, By.cssSelector("#qx-create form"), Duration.ofSeconds(30));
        assertEquals("the form was cleared after the last wallet", "", form.findElement(By.name("name")).getAttribute("value"));
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("passphrase")).sendKeys(passphrase);
        form.findElement(By.name("passphrase2")).sendKeys(passphrase);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement done = waitFor(browser, By.cssSelector("#qx-create .qx-ok"), Duration.ofSeconds(30));
        assertTrue(done.getText(), done.getText().startsWith("created " + name + " at "));
        until(browser, Duration.ofSeconds(30), d -> !rowOf(d, name).isEmpty());
        return done.getText().substring(("created " + name + " at ").length()).strip();
    }

    /** The text of the wallets table's row for {@code wallet}, read in one step (live events redraw the table). */
    private static String rowOf(WebDriver browser, String wallet) {
        Object row = ((JavascriptExecutor) browser).executeScript("var r = document.evaluate(arguments[0], document, null,"
                + " XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; return r ? r.innerText : '';",
                "//section[@id='qx-wallets']//tr[td[1][text()='" + wallet + "']]");
        return row == null ? "" : row.toString();
    }

    /** The status the API answers the page's own fetch (same login, same origin). */
    private static int fetchStatus(WebDriver browser, String method, String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[1], {method: arguments[0], credentials: 'same-origin', headers: {'Content-Type': 'application/json'},"
                        + " body: arguments[0] === 'GET' ? undefined : '{}'}).then(function (r) { done(r.status); }, function (e) { done(-1); });",
                method, path);
        return ((Number) status).intValue();
    }

    private static WebElement waitFor(WebDriver browser, By what, Duration timeout) {
        return until(browser, timeout, ExpectedConditions.presenceOfElementLocated(what));
    }

    /** Waits for {@code condition}; on a timeout, fails with what the page showed and the browser logged. */
    private static <T> T until(WebDriver browser, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, timeout).until(condition);
        } catch (TimeoutException e) {
            String shown = browser.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
            List<String> logged = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
            throw new AssertionError("timed out on " + browser.getCurrentUrl() + " waiting for " + condition + "\npage:\n" + shown
                    + "\nbrowser log:\n" + String.join("\n", logged) + "\n" + nodeState.get(), e);
        }
    }

    /** Every section answered (no "working…" left), and none answered with an error. */
    private static void awaitNoWorking(WebDriver browser) {
        until(browser, Duration.ofSeconds(30), d -> d.findElements(By.xpath("//*[text()='working…']")).isEmpty()
                && !d.findElements(By.cssSelector("#qx-view .qx-section, #qx-view .qx-needs-role")).isEmpty());
        List<String> errors = browser.findElements(By.cssSelector("#qx-view .qx-error")).stream().map(WebElement::getText).toList();
        assertEquals("errors on " + browser.getCurrentUrl(), List.of(), errors);
    }

    /** Reloads the page every 3 s until {@code condition} holds: for changes the page learns of only when loaded. */
    private static void reloadUntil(WebDriver browser, String what, Function<WebDriver, Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(3000);
            browser.navigate().refresh();
            awaitNoWorking(browser);
            if (condition.apply(browser)) {
                return;
            }
        }
        fail("timed out waiting for " + what + "; the page shows:\n" + text(browser, "#qx-view"));
    }

    /** The text of the first element {@code css} selects, read in one step (live events redraw parts of the page). */
    private static String text(WebDriver browser, String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString();
    }

    /** No Content Security Policy violation (nothing reached for outside the node) and no uncaught script error. */
    private static void assertNoPolicyViolationsOrScriptErrors(WebDriver browser) {
        List<String> bad = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (message.contains("Content Security Policy") || message.contains("Uncaught")) {
                bad.add(message);
            }
        }
        assertEquals(List.of(), bad);
    }

    private void shoot(WebDriver browser, String name) throws IOException {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(png, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String base(String user, String password) {
        return "https://" + (user == null ? "" : user + ":" + password + "@") + "127.0.0.1:" + httpPort;
    }

    // ---- node ----------------------------------------------------------------------------

    private long balance(String address) throws Exception {
        HttpResponse<String> account = api("GET", "/api/v1/chain/accounts/" + address, VIEWER, VIEWER_PASSWORD, null);
        assertEquals(account.body(), 200, account.statusCode());
        return mapper.readTree(account.body()).path("balance").asLong();
    }

    private HttpResponse<String> api(String method, String path, String user, String password, String json) throws Exception {
        if (https == null) {
            https = https(pem());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(null, null) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e);
        }
    }

    /**
     * The node's request threads that were busy in QENEX code or waiting on a lock, and the end of
     * its log: what a page waited for when a request never came back.
     */
    private String nodeState() {
        StringBuilder state = new StringBuilder();
        try {
            Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
            for (ProcessHandle jvm : karaf.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList()) {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print").redirectErrorStream(true).start();
                String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                dump.waitFor(30, TimeUnit.SECONDS);
                state.append("node threads (request threads in QENEX code or blocked):\n");
                for (String thread : threads.split("\n\n")) {
                    if (thread.startsWith("\"qtp") && (thread.contains("org.qenex") || thread.contains("BLOCKED"))) {
                        state.append(thread.lines().limit(40).collect(Collectors.joining("\n"))).append("\n\n");
                    }
                }
            }
            List<String> log = Files.readAllLines(home.resolve("data/log/karaf.log"));
            state.append("end of karaf.log:\n").append(String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size())));
        } catch (IOException | InterruptedException | RuntimeException e) {
            state.append("(the node's state could not be read: ").append(e).append(")");
        }
        return state.toString();
    }

    private Path pem() {
        return home.resolve("data/qenex/tls/node-cert.pem");
    }

    private String client(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", "admin", "-p", ADMIN_PASSWORD, "-b").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process client = builder.start();
        client.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/client finished", client.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    private void await(String what, Duration timeout, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!karaf.isAlive()) {
                fail("Karaf exited while waiting for " + what + ":\n" + Files.readString(consoleOut));
            }
            if (condition.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for " + what);
    }

    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    /** A request that got no answer (the node not listening yet), as a status -1. */
    private record FailedResponse(IOException failure) implements HttpResponse<String> {
        @Override public int statusCode() { return -1; }
        @Override public HttpRequest request() { return null; }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        @Override public String body() { return failure.toString(); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        @Override public URI uri() { return null; }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
