package org.qenex.security.internal.token;

/** A token just created: the only moment its full text exists outside the client. */
public record IssuedToken(ApiToken token, String secret) {
}
