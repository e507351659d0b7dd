package io.tributary.connect.http.client;

import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.util.Map;

/** The credentials of one connector; secrets stay {@link Password}s so they are never logged. */
public record AuthSettings(AuthType type, String username, Password password, Password token, String apiKeyHeader,
                           Password apiKey, OAuth2 oauth2) {
    public static final AuthSettings NONE = new AuthSettings(AuthType.NONE, null, null, null, null, null, null);

    /** An OAuth2 client-credentials grant. */
    public record OAuth2(URI tokenUrl, String clientId, Password clientSecret, String scope, OAuth2ClientAuth clientAuth,
                         String tokenProperty, Map<String, String> extraFormFields, long refreshMarginMs) {
    }

    @Override
    public String toString() {
        return type.configValue();
    }
}
