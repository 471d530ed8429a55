package org.qenex.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** What the ledger's container tests share: wallets through the shell, accounts and transactions over REST. */
public abstract class ChainTestSupport extends QenexTestSupport {

    protected static final Pattern ADDRESS = Pattern.compile("qx1[a-z2-7]{39}");
    protected static final Pattern TX_ID = Pattern.compile("Submitted ([0-9a-f]{64})");
    protected static final String VIEWER = "auditor";
    protected static final String VIEWER_PASSWORD = "auditor-password-1";
    protected static final String OPERATOR = "treasurer";
    protected static final String OPERATOR_PASSWORD = "treasurer-password-1";

    /** Adds a viewer and an operator, and waits for the ledger. */
    protected void prepareChainUsers() throws Exception {
        addUser(VIEWER, VIEWER_PASSWORD, "_g_:viewergroup");
        addUser(OPERATOR, OPERATOR_PASSWORD, "_g_:operatorgroup");
        awaitLedger();
    }

    /**
     * Waits until the ledger answers over REST and in the shell (installing a feature at boot, or
     * an update of the chain bundle, takes it away for a moment).
     */
    protected void awaitLedger() throws Exception {
        await("the ledger over REST and in the shell", () -> {
            try {
                return get("/api/v1/chain/head", VIEWER, VIEWER_PASSWORD).statusCode() == 200
                        && shellAsAdmin("qenex:chain head").contains("Height");
            } catch (Exception e) {
                return false;
            }
        });
    }

    protected String createWallet(String name, String passphrase) throws Exception {
        String out = shellAsAdmin("qenex:wallet --passphrase " + passphrase + " create " + name);
        Matcher m = ADDRESS.matcher(out);
        assertTrue(out, m.find());
        return m.group();
    }

    protected static String txId(String shellOutput) {
        Matcher m = TX_ID.matcher(shellOutput);
        assertTrue(shellOutput, m.find());
        return m.group(1);
    }

    protected JsonNode awaitConfirmed(String id) throws Exception {
        await("transaction " + id + " in a block", () -> transaction(id).path("blockHeight").asLong() > 0);
        return transaction(id);
    }

    protected JsonNode transaction(String id) {
        return viewerJson("/api/v1/chain/transactions/" + id);
    }

    /** GET as the viewer, for polling in {@code await} (which takes no checked exception). */
    protected JsonNode viewerJson(String path) {
        try {
            return json(get(path, VIEWER, VIEWER_PASSWORD));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode account(String address) throws Exception {
        HttpResponse<String> response = get("/api/v1/chain/accounts/" + address, VIEWER, VIEWER_PASSWORD);
        assertEquals(response.body(), 200, response.statusCode());
        return json(response);
    }

    protected long balance(String address) {
        try {
            return account(address).path("balance").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected long mintedInChain() {
        return viewerJson("/api/v1/chain/head").path("minted").asLong();
    }

    protected long feesCollected() throws Exception {
        String producer = json(get("/api/v1/chain/head", VIEWER, VIEWER_PASSWORD)).path("producer").asText();
        return balance(producer);
    }

    protected static void assertJsonErrorStartingWith(HttpResponse<String> response, String codePrefix) throws Exception {
        assertTrue(response.body(), response.statusCode() >= 400 && response.statusCode() < 500);
        assertTrue(response.body(), json(response).path("error").asText().startsWith(codePrefix));
        assertTrue(response.body(), json(response).has("detail"));
    }

}
