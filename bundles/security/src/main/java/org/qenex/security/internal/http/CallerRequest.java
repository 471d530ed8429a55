package org.qenex.security.internal.http;

import java.security.Principal;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/** A request that knows its authenticated caller, so endpoints can ask {@code isUserInRole}. */
final class CallerRequest extends HttpServletRequestWrapper {

    private final Caller caller;

    CallerRequest(HttpServletRequest request, Caller caller) {
        super(request);
        this.caller = caller;
    }

    @Override
    public String getRemoteUser() {
        return caller.name();
    }

    @Override
    public Principal getUserPrincipal() {
        return caller::name;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.roles().contains(role);
    }

    @Override
    public String getAuthType() {
        return caller.tokenId() == null ? HttpServletRequest.BASIC_AUTH : "Bearer";
    }
}
