package io.tributary.connect.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** URL checks and the percent-encoding of values placed into URLs. */
public final class HttpUrls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpUrls() {
    }

    /**
     * {@code uri} with query parameter {@code name} set to {@code value} (encoded), replacing the parameter's earlier
     * values and keeping the others as they were.
     */
    public static URI withQueryParameter(URI uri, String name, String value) {
        String raw = uri.getRawQuery();
        StringBuilder query = new StringBuilder();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!key.equals(encode(name)) && !pair.isEmpty()) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=').append(encode(value));
        String text = uri.toString();
        int cut = text.indexOf('?');
        int fragment = text.indexOf('#');
        String head = cut >= 0 ? text.substring(0, cut) : fragment >= 0 ? text.substring(0, fragment) : text;
        String tail = fragment >= 0 ? text.substring(fragment) : "";
        return URI.create(head + "?" + query + tail);
    }

    /** An absolute http:// or https:// URL with a host. */
    public static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Percent-encodes everything but RFC 3986's unreserved characters, so a value stays one path segment
     * or one query value whatever it holds ('/', '?', '&', spaces).
     */
    public static String encode(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (unreserved(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out == null ? value : out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }
}
