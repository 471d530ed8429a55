package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Authentication under attack and its administration: lockout of users and addresses over REST,
 * API tokens, users managed over REST and the shell, and anonymous uploads that cannot take the
 * node's threads. Attackers send from 127.0.0.2 and up, so the test's own 127.0.0.1 stays usable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthIT extends QenexTestSupport {

    private static final String SECURITY_CFG = "etc/org.qenex.security.api.cfg";

    @Configuration
    public Option[] config() {
        return baseConfiguration(
                editConfigurationFilePut(SECURITY_CFG, "publicSubmissions", "4"),
                editConfigurationFilePut(SECURITY_CFG, "publicBodySeconds", "3"),
                // Intrusion detection would block the guessing addresses (403) first; this class tests the login guard.
                editConfigurationFilePut("etc/org.qenex.security.intrusion.cfg", "bruteForceFailures", "1000"),
                editConfigurationFilePut("etc/org.qenex.security.intrusion.cfg", "userFailures", "1000"));
    }

    /** The node answers health before every bundle's servlets are registered: wait for the ones used here. */
    @Before
    public void endpointsRegistered() throws Exception {
        String admin = basic(ADMIN, adminPassword());
        for (String path : new String[] {"/api/v1/status", "/api/v1/users", "/api/v1/tokens", "/api/v1/chain/head"}) {
            await(path + " registered", () -> {
                try {
                    return call("GET", path, admin, null).status() != 404;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    public void wrongPasswordsLockOutTheUserAndTheAddressWithoutHashing() throws Exception {
        String admin = basic(ADMIN, adminPassword());
        assertEquals(201, call("POST", "/api/v1/users", admin,
                "{\"name\":\"victim\",\"password\":\"victim's long password\",\"roles\":[\"viewer\"]}").status());

        String firstFailure = null;
        for (int i = 0; i < 5; i++) {
            RawHttp.Response wrong = RawHttp.exchange(baseUrl(), "127.0.0.2", "GET", "/api/v1/status",
                    basic("victim", "guess number " + i), null);
            assertEquals(wrong.body(), 401, wrong.status());
            if (firstFailure == null) {
                firstFailure = JSON.readTree(wrong.body()).path("requestId").asText();
            }
        }
        RawHttp.Response locked = RawHttp.exchange(baseUrl(), "127.0.0.2", "GET", "/api/v1/status",
                basic("victim", "victim's long password"), null);
        assertEquals("the user is locked for the guessing address, even with the right password: " + locked.body(),
                429, locked.status());
        assertEquals("locked_out", JSON.readTree(locked.body()).path("error").asText());
        long retryAfter = Long.parseLong(locked.headers().get("retry-after"));
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 15);
        assertEquals("an address that never failed still gets in: guessing cannot lock the victim out", 200,
                call("GET", "/api/v1/status", basic("victim", "victim's long password"), null).status());

        for (int i = 0; i < 10; i++) {
            assertEquals(401, RawHttp.exchange(baseUrl(), "127.0.0.3", "GET", "/api/v1/status",
                    basic("nobody" + i, "guess"), null).status());
        }
        RawHttp.Response addressLocked = RawHttp.exchange(baseUrl(), "127.0.0.3", "GET", "/api/v1/status", admin, null);
        assertEquals("the address is locked even for the admin's right password", 429, addressLocked.status());
        assertEquals(200, call("GET", "/api/v1/status", admin, null).status());

        String log = Files.readString(karafData().resolve("log/karaf.log"));
        assertTrue("failures are logged with user and address",
                log.contains("login failed: user 'victim' from 127.0.0.2: wrong user name or password"));
        assertFalse("never the password", log.contains("guess number"));
        // etc/org.ops4j.pax.logging.cfg puts the MDC's request id on every line logged while a request is served
        String failureLine = "requestId=" + firstFailure + " login failed: user 'victim' from 127.0.0.2";
        assertTrue("the log line of a failed request names the requestId of its error body: " + failureLine,
                !firstFailure.isEmpty() && log.contains(failureLine));
    }

    @Test
    public void tokensAreScopedShownOnceUsableRevocableAndExpire() throws Exception {
        String admin = basic(ADMIN, adminPassword());
        assertEquals(201, call("POST", "/api/v1/users", admin,
                "{\"name\":\"olga\",\"password\":\"olga's long password\",\"roles\":[\"operator\"]}").status());
        String olga = basic("olga", "olga's long password");

        RawHttp.Response tooMuch = call("POST", "/api/v1/tokens", olga, "{\"name\":\"greedy\",\"roles\":[\"admin\"]}");
        assertEquals(tooMuch.body(), 403, tooMuch.status());
        assertEquals("roles_exceeded", JSON.readTree(tooMuch.body()).path("error").asText());

        RawHttp.Response created = call("POST", "/api/v1/tokens", olga,
                "{\"name\":\"monitoring\",\"roles\":[\"viewer\"],\"expires\":\"30d\"}");
        assertEquals(created.body(), 201, created.status());
        JsonNode token = JSON.readTree(created.body());
        String secret = token.path("token").asText();
        assertTrue(secret, secret.startsWith("qxt_"));
        String bearer = "Bearer " + secret;

        assertEquals(200, call("GET", "/api/v1/status", bearer, null).status());
        assertEquals("a viewer token cannot manage users", 403, call("GET", "/api/v1/users", bearer, null).status());
        RawHttp.Response listed = call("GET", "/api/v1/tokens", olga, null);
        assertTrue(listed.body(), listed.body().contains("\"monitoring\"") && !listed.body().contains(secret));
        String tokensFile = Files.readString(karafData().resolve("qenex/security/tokens.json"));
        // qxt_<hex id>_<Base64url secret>: the secret may itself hold '_', so cut after the id, not at the last '_'
        String randomPart = secret.substring(secret.indexOf('_', "qxt_".length()) + 1);
        assertEquals(43, randomPart.length());
        assertFalse("only the hash is stored", tokensFile.contains(randomPart));

        assertEquals(204, call("DELETE", "/api/v1/tokens/" + token.path("id").asText(), olga, null).status());
        assertEquals("revoked", 401, callFrom("127.0.0.6", "GET", "/api/v1/status", bearer).status());

        String shortLived = JSON.readTree(call("POST", "/api/v1/tokens", olga,
                "{\"name\":\"brief\",\"roles\":\"viewer\",\"expires\":\"2s\"}").body()).path("token").asText();
        assertEquals(200, call("GET", "/api/v1/status", "Bearer " + shortLived, null).status());
        await("the 2 s token to expire", Duration.ofSeconds(30), () -> {
            RawHttp.Response r = uncheckedExchange("127.0.0.6", "GET", "/api/v1/status", "Bearer " + shortLived, null);
            return r.status() == 401 && r.body().contains("expired");
        });

        String out = shellAsAdmin("qenex:token create ci --roles operator --expires 1h");
        Matcher issued = Pattern.compile("qxt_([0-9a-f]{16})_[A-Za-z0-9_-]{43}").matcher(out);
        assertTrue(out, issued.find());
        String shellToken = "Bearer " + issued.group();
        assertEquals(200, call("GET", "/api/v1/status", shellToken, null).status());
        assertTrue(shellAsAdmin("qenex:token list").contains(issued.group(1)));
        assertTrue(shellAsAdmin("qenex:token revoke " + issued.group(1)).contains("Revoked"));
        assertEquals(401, callFrom("127.0.0.6", "GET", "/api/v1/status", shellToken).status());
    }

    @Test
    public void usersAreManagedOverRestAndShellWithoutAClearPasswordOnDisk() throws Exception {
        String admin = basic(ADMIN, adminPassword());
        RawHttp.Response weak = call("POST", "/api/v1/users", admin,
                "{\"name\":\"pete\",\"password\":\"pete\",\"roles\":[\"viewer\"]}");
        assertEquals(400, weak.status());
        assertEquals("weak_password", JSON.readTree(weak.body()).path("error").asText());
        assertEquals(201, call("POST", "/api/v1/users", admin,
                "{\"name\":\"pete\",\"password\":\"pete's long password\",\"roles\":[\"viewer\"]}").status());
        assertEquals(200, call("GET", "/api/v1/status", basic("pete", "pete's long password"), null).status());
        assertEquals("users are for admins", 403,
                call("GET", "/api/v1/users", basic("pete", "pete's long password"), null).status());

        assertEquals(204, call("PUT", "/api/v1/users/pete/password", admin, "{\"password\":\"pete's new password\"}").status());
        assertEquals("the old password stops at once", 401,
                callFrom("127.0.0.7", "GET", "/api/v1/status", basic("pete", "pete's long password")).status());
        assertEquals(200, call("GET", "/api/v1/status", basic("pete", "pete's new password"), null).status());
        RawHttp.Response roles = call("PUT", "/api/v1/users/pete/roles", admin, "{\"roles\":[\"operator\"]}");
        assertEquals(200, roles.status());
        assertEquals("[\"operator\"]", JSON.readTree(roles.body()).path("roles").toString());
        assertEquals(204, call("DELETE", "/api/v1/users/pete", admin, null).status());
        assertEquals(401, callFrom("127.0.0.7", "GET", "/api/v1/status", basic("pete", "pete's new password")).status());

        String added = shellWithInput(ADMIN, Set.of("admin", "operator", "viewer"), "qenex:user add sam --roles operator",
                "sam's long password\nsam's long password\n");
        assertTrue(added, added.contains("Added sam with operator"));
        assertEquals(200, call("GET", "/api/v1/status", basic("sam", "sam's long password"), null).status());
        shellWithInput(ADMIN, Set.of("admin", "operator", "viewer"), "qenex:user passwd sam",
                "sam's second password\nsam's second password\n");
        assertEquals(200, call("GET", "/api/v1/status", basic("sam", "sam's second password"), null).status());
        assertTrue(shellAsAdmin("qenex:user list").contains("sam"));
        Exception denied = assertThrows(Exception.class, () -> shell("vic", Set.of("viewer", "ssh"), "qenex:user list"));
        assertTrue(denied.getMessage(), denied.getMessage().contains("qenex:user"));
        assertTrue(shellAsAdmin("qenex:user remove sam").contains("Removed sam"));
        assertEquals(401, callFrom("127.0.0.7", "GET", "/api/v1/status", basic("sam", "sam's second password")).status());

        String users = Files.readString(karafHome().resolve("etc/users.properties"));
        for (String password : List.of("pete's long password", "pete's new password", "sam's long password", "sam's second password")) {
            assertFalse(password + " on disk", users.contains(password));
        }
    }

    @Test
    public void slowAnonymousUploadsCannotTakeTheNodesThreads() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawHttp slow = RawHttp.open(baseUrl(), "127.0.0." + (10 + i));
                slow.write(slow.head("POST", "/api/v1/chain/transactions", null, 200));
                slow.write("{".getBytes(StandardCharsets.US_ASCII));
                stalled.add(slow);
            }
            RawHttp.Response fifth = null;
            for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; ) {
                fifth = uncheckedExchange("127.0.0.20", "POST", "/api/v1/chain/transactions", null, "{}");
                if (fifth.status() == 503) {
                    break;
                }
            }
            assertEquals("a fifth anonymous upload is refused at once: " + fifth, 503, fifth.status());
            assertEquals("busy", JSON.readTree(fifth.body()).path("error").asText());
            assertEquals("1", fifth.headers().get("retry-after"));
            assertEquals("health still answers", 200, get("/api/v1/health", null, null).statusCode());
            assertEquals(200, get("/api/v1/status", ADMIN, adminPassword()).statusCode());

            // The gateway's body deadline (or Jetty's idle timeout) ends the read: 408 from the gateway,
            // or 400 unreadable_body where the endpoint reads its body itself and answers the failed read.
            RawHttp.Response timedOut = stalled.get(0).read();
            assertTrue("a slow upload is ended: " + timedOut, timedOut.status() == 408
                    || timedOut.status() == 400 && timedOut.body().contains("unreadable_body"));
        } finally {
            for (RawHttp slow : stalled) {
                slow.close();
            }
        }
        await("upload slots to be free again", () -> uncheckedExchange("127.0.0.21", "POST",
                "/api/v1/chain/transactions", null, "{}").status() != 503);
    }

    // ---- helpers --------------------------------------------------------------------------

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Response call(String method, String path, String authorization, String body) throws IOException {
        return RawHttp.exchange(baseUrl(), "127.0.0.1", method, path, authorization, body);
    }

    /** For requests expected to fail: from another address, so 127.0.0.1 never collects failures. */
    private RawHttp.Response callFrom(String from, String method, String path, String authorization) throws IOException {
        return RawHttp.exchange(baseUrl(), from, method, path, authorization, null);
    }

    private RawHttp.Response uncheckedExchange(String from, String method, String path, String authorization, String body) {
        try {
            return RawHttp.exchange(baseUrl(), from, method, path, authorization, body);
        } catch (IOException e) {
            return new RawHttp.Response(-1, java.util.Map.of(), e.toString());
        }
    }
}
