package io.tributary.connect.http.client;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials that are one fixed header: basic, bearer token, or an API key. */
final class HeaderAuth implements Auth {
    private final String name;
    private final String value;

    private HeaderAuth(String name, String value) {
        this.name = name;
        this.value = value;
    }

    static HeaderAuth basic(String username, String password) {
        String pair = username + ":" + (password == null ? "" : password);
        return new HeaderAuth(HttpHeaders.AUTHORIZATION,
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    static HeaderAuth bearer(String token) {
        return new HeaderAuth(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    static HeaderAuth apiKey(String header, String key) {
        return new HeaderAuth(header, key);
    }

    @Override
    public void apply(ClassicHttpRequest request) {
        request.setHeader(name, value);
    }

    @Override
    public String toString() {
        // Never the value.
        return name + " header";
    }
}
