package io.tributary.connect.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4): fetches a token, keeps it until shortly before it
 * expires, and fetches a new one early or after the endpoint answers 401. Odd token endpoints are met with a
 * configurable token property (a dotted path for nested answers), client authentication by header or form,
 * and extra form fields (audience, resource).
 */
final class OAuth2ClientCredentials implements Auth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthSettings.OAuth2 settings;
    private final CloseableHttpClient client;
    private final LongSupplier clock;
    private String token;
    private long refreshAtMs;
    private long tokensFetched;

    OAuth2ClientCredentials(AuthSettings.OAuth2 settings, CloseableHttpClient client, LongSupplier clock) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void apply(ClassicHttpRequest request) throws IOException {
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + currentToken());
    }

    @Override
    public synchronized boolean renewAfterUnauthorized() {
        token = null;
        return true;
    }

    synchronized long tokensFetched() {
        return tokensFetched;
    }

    private synchronized String currentToken() throws IOException {
        if (token == null || clock.getAsLong() >= refreshAtMs) {
            fetch();
        }
        return token;
    }

    private void fetch() throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (settings.scope() != null && !settings.scope().isBlank()) {
            form.put("scope", settings.scope());
        }
        HttpPost post = new HttpPost(settings.tokenUrl());
        String secret = settings.clientSecret() == null ? "" : settings.clientSecret().value();
        if (settings.clientAuth() == OAuth2ClientAuth.HEADER) {
            String pair = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            post.setHeader(HttpHeaders.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", settings.clientId());
            form.put("client_secret", secret);
        }
        form.putAll(settings.extraFormFields());
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_FORM_URLENCODED));
        post.setHeader(HttpHeaders.ACCEPT, "application/json");
        long requestedAt = clock.getAsLong();
        TokenAnswer answer = client.execute(post, response -> new TokenAnswer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        if (answer.status == 400 || answer.status == 401 || answer.status == 403) {
            throw new CredentialsRejectedException("the OAuth2 token endpoint " + settings.tokenUrl() + " refused the "
                    + "client credentials with status " + answer.status + ": " + Bodies.snippet(answer.body, 300)
                    + "; check http.auth.oauth2.client.id, http.auth.oauth2.client.secret, http.auth.oauth2.scope "
                    + "and http.auth.oauth2.client.auth");
        }
        if (answer.status / 100 != 2) {
            throw new IOException("the OAuth2 token endpoint " + settings.tokenUrl() + " answered " + answer.status
                    + ": " + Bodies.snippet(answer.body, 300));
        }
        JsonNode node;
        try {
            node = JSON.readTree(answer.body);
        } catch (IOException e) {
            throw new IOException("the OAuth2 token endpoint " + settings.tokenUrl() + " answered no JSON: "
                    + Bodies.snippet(answer.body, 300));
        }
        JsonNode value = node;
        for (String part : settings.tokenProperty().split("\\.")) {
            value = value == null ? null : value.get(part);
        }
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new CredentialsRejectedException("the OAuth2 token endpoint's answer has no '" + settings.tokenProperty()
                    + "'; set http.auth.oauth2.token.property to the field that holds the token (its fields: "
                    + fieldNames(node) + ")");
        }
        token = value.asText();
        tokensFetched++;
        JsonNode expiresIn = node.get("expires_in");
        long lifetimeMs = expiresIn == null ? -1 : (long) (expiresIn.asDouble(-1) * 1000);
        if (lifetimeMs <= 0) {
            // No lifetime given: keep the token until the endpoint answers 401.
            refreshAtMs = Long.MAX_VALUE;
        } else {
            // Renew early, but never sooner than half the token's life.
            refreshAtMs = requestedAt + lifetimeMs - Math.min(settings.refreshMarginMs(), lifetimeMs / 2);
        }
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
        return names.length() == 0 ? "none" : names.toString();
    }

    @Override
    public String toString() {
        return "OAuth2 client credentials at " + settings.tokenUrl();
    }

    private record TokenAnswer(int status, String body) {
    }
}
