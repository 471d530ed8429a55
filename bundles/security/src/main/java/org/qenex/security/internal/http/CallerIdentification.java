package org.qenex.security.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.qenex.security.internal.Roles;
import org.qenex.security.internal.token.TokenCheck;
import org.qenex.security.internal.token.TokenStore;

/**
 * Finds out who sent a request: {@code Authorization: Bearer qxt_...} (an API token, checked
 * with one SHA-256) or {@code Basic} (a password, checked by the {@link LoginGuard}). A wrong
 * token counts against the client's address like a wrong password, and a locked-out address
 * is refused before its token is even looked up.
 */
final class CallerIdentification {

    private final LoginGuard guard;
    private final TokenStore tokens;

    CallerIdentification(LoginGuard guard, TokenStore tokens) {
        this.guard = guard;
        this.tokens = tokens;
    }

    LoginOutcome identify(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        String address = request.getRemoteAddr();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token(header.substring(7).strip(), address);
        }
        Optional<String[]> basic = basicCredentials(header);
        if (basic.isEmpty()) {
            return LoginOutcome.unauthorized("this endpoint needs a user name and password (HTTP Basic) or an API token (Bearer)");
        }
        return guard.login(basic.get()[0], basic.get()[1], address);
    }

    private LoginOutcome token(String presented, String address) {
        Optional<Duration> locked = guard.addressLocked(address);
        if (locked.isPresent()) {
            return LoginOutcome.lockedOut("too many failed logins from your address; retry later", locked.get());
        }
        TokenCheck check = tokens.check(presented);
        if (!check.isValid()) {
            guard.failedWithoutPassword(idForLog(presented), address, check.refusal());
            return LoginOutcome.unauthorized(check.refusal());
        }
        return LoginOutcome.admitted(new Caller(check.token().owner(), Roles.implied(check.token().roles()),
                check.token().id()));
    }

    /** Only the public part of a token goes into the log. */
    private static String idForLog(String presented) {
        int end = presented.indexOf('_', TokenStore.PREFIX.length());
        return presented.startsWith(TokenStore.PREFIX) && end > 0 ? "token " + presented.substring(0, end) : "token (malformed)";
    }

    /** User and password from an {@code Authorization: Basic} header, if well formed. */
    static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
