package io.tributary.connect.http.client;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request to send: method, address, headers, and the body with its content type (null body: none).
 * {@code origin} names the endpoint ({@code scheme://host:port}) whose Retry-After gates this request.
 */
public record OutgoingRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body,
                              String contentType) {
    public String origin() {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getHost() + ":" + port;
    }

    public int bodyBytes() {
        return body == null ? 0 : body.length;
    }
}
