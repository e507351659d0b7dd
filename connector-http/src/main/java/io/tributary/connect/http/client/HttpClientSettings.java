package io.tributary.connect.http.client;

import io.tributary.connect.common.tls.TlsSettings;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;

/** Everything an {@link HttpTransport} needs: timeouts, pool, proxy, TLS and credentials. */
public record HttpClientSettings(int connectTimeoutMs, int requestTimeoutMs, int maxConnections, Proxy proxy,
                                 TlsSettings tls, AuthSettings auth) {
    /** An HTTP proxy, with credentials when it asks for them. */
    public record Proxy(URI uri, String username, Password password) {
        @Override
        public String toString() {
            return uri + (username == null ? "" : " as " + username);
        }
    }
}
