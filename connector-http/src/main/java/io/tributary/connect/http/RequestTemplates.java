package io.tributary.connect.http;

import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.client.HttpUrls;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request keys both HTTP connectors write the same way: URL templates and 'Name: value|...' header lists
 * whose values are templates over the connector's own placeholders (a record's fields for the sink, the
 * endpoint's offset for the source).
 */
final class RequestTemplates {
    private RequestTemplates() {
    }

    /** 'Name: value|Name: value' into pairs, each value a template over {@code roots}. */
    static List<Map.Entry<String, Template>> parseHeaders(String text, Set<String> roots) {
        List<Map.Entry<String, Template>> headers = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return headers;
        }
        for (String entry : text.split("\\|")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("header '" + entry.trim() + "' has no 'Name: value' form");
            }
            String name = entry.substring(0, colon).trim();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid header name");
            }
            headers.add(Map.entry(name, Template.parse(entry.substring(colon + 1).trim(), roots)));
        }
        return headers;
    }

    /** Plain headers first, then the sensitive ones (a Connect password, never logged). */
    static List<Map.Entry<String, Template>> headers(String plain, Password sensitive, Set<String> roots) {
        List<Map.Entry<String, Template>> all = new ArrayList<>(parseHeaders(plain, roots));
        if (sensitive != null && sensitive.value() != null) {
            all.addAll(parseHeaders(sensitive.value(), roots));
        }
        return all;
    }

    static ConfigDef.Validator headersValidator(Set<String> roots) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value instanceof Password p ? p.value() : value == null ? null : value.toString();
                try {
                    parseHeaders(text, roots);
                } catch (IllegalArgumentException e) {
                    // The text of sensitive headers stays out of the message.
                    throw new ConfigException(name, value instanceof Password ? value : text, e.getMessage()
                            + "; write headers as 'Name: value' entries separated by '|'");
                }
            }

            @Override
            public String toString() {
                return "'Name: value' entries separated by '|'";
            }
        };
    }

    /** An http:// or https:// URL with a host, placeholders over {@code roots} only in its path and query. */
    static ConfigDef.Validator urlValidator(Set<String> roots, String example) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value == null ? "" : value.toString().trim();
                if (text.isEmpty()) {
                    throw new ConfigException(name, value, "must not be empty; set it to the endpoint, such as " + example);
                }
                Template template;
                try {
                    template = Template.parse(text, roots);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                // Placeholders stand for URL-encoded values, so a sample value shows whether the rest forms a URL.
                String sample = template.render((root, path) -> "x");
                if (!HttpUrls.isHttpUrl(sample)) {
                    throw new ConfigException(name, value, "is not an http:// or https:// URL with a host; write it as "
                            + "https://host/path, placeholders only inside the path and query");
                }
                if (java.net.URI.create(sample).getRawUserInfo() != null) {
                    // The client refuses credentials in request URIs, and a URL is logged and reported.
                    throw new ConfigException(name, "(a URL with credentials)", "must not hold credentials "
                            + "(user:password@); set http.auth.type=basic with http.auth.username and "
                            + "http.auth.password instead");
                }
            }

            @Override
            public String toString() {
                return "http:// or https:// URL, optionally with placeholders";
            }
        };
    }
}
