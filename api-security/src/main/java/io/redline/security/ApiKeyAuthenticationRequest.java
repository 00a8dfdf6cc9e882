package io.redline.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A presented API key (from {@code X-API-Key} or {@code Authorization: Bearer}) waiting to be checked. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    /** The key as presented. */
    public String key() {
        return key;
    }
}
