package io.tributary.connect.http.client;

import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.tls.TlsConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The client keys every HTTP connector shares: timeouts, connection pool, proxy, TLS and authentication. */
public final class HttpClientConfig {
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    public static final String MAX_CONNECTIONS = "http.max.connections";
    public static final String PROXY_URL = "http.proxy.url";
    public static final String PROXY_USERNAME = "http.proxy.username";
    public static final String PROXY_PASSWORD = "http.proxy.password";

    public static final String AUTH_TYPE = "http.auth.type";
    public static final String AUTH_USERNAME = "http.auth.username";
    public static final String AUTH_PASSWORD = "http.auth.password";
    public static final String AUTH_TOKEN = "http.auth.token";
    public static final String AUTH_API_KEY_HEADER = "http.auth.api.key.header";
    public static final String AUTH_API_KEY = "http.auth.api.key";
    public static final String OAUTH2_TOKEN_URL = "http.auth.oauth2.token.url";
    public static final String OAUTH2_CLIENT_ID = "http.auth.oauth2.client.id";
    public static final String OAUTH2_CLIENT_SECRET = "http.auth.oauth2.client.secret";
    public static final String OAUTH2_SCOPE = "http.auth.oauth2.scope";
    public static final String OAUTH2_CLIENT_AUTH = "http.auth.oauth2.client.auth";
    public static final String OAUTH2_TOKEN_PROPERTY = "http.auth.oauth2.token.property";
    public static final String OAUTH2_EXTRA_FORM_FIELDS = "http.auth.oauth2.extra.form.fields";
    public static final String OAUTH2_REFRESH_MARGIN_MS = "http.auth.oauth2.refresh.margin.ms";

    /** The TLS keys, under http.ssl. */
    public static final TlsConfig TLS = new TlsConfig("http.ssl.");

    private HttpClientConfig() {
    }

    /** Defines the keys; {@code urlKey} is the key of the address whose host TLS checks. */
    public static ConfigDefBuilder define(ConfigDefBuilder b, String urlKey) {
        return b.group("Connection")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long opening a connection (and its TLS handshake) may take.", "Connect timeout")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long the endpoint may go silent while answering one request; past it the request "
                                + "counts as failed and is retried.", "Request timeout")
                .define(MAX_CONNECTIONS, Type.INT, 20, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connections a task keeps open (and reuses) at most, per task.", "Maximum connections")
                .define(PROXY_URL, Type.STRING, "", new ProxyUrlValidator(), Importance.LOW,
                        "HTTP proxy for this connector, as http://host:port; https:// endpoints are reached through "
                                + "it with CONNECT. Empty: no proxy (the JVM's proxy settings are not used).",
                        "Proxy")
                .define(PROXY_USERNAME, Type.STRING, null, null, Importance.LOW, "User name for the proxy.",
                        "Proxy user name")
                .define(PROXY_PASSWORD, Type.PASSWORD, null, null, Importance.LOW, "Password for the proxy.",
                        "Proxy password")
                .group("Authentication")
                .defineChoice(AUTH_TYPE, AuthType.NONE, Importance.HIGH,
                        "How requests authenticate: none; basic (http.auth.username, http.auth.password); bearer "
                                + "(http.auth.token); api_key (http.auth.api.key in the header http.auth.api.key.header); "
                                + "oauth2 (client credentials grant at http.auth.oauth2.token.url, token cached and "
                                + "renewed before it expires and once after a 401).", "Authentication")
                .define(AUTH_USERNAME, Type.STRING, null, null, Importance.MEDIUM, "User name for basic authentication.",
                        "User name")
                .define(AUTH_PASSWORD, Type.PASSWORD, null, null, Importance.MEDIUM,
                        "Password for basic authentication; use a config provider (${file:...}, ${env:...}) to keep "
                                + "it out of the connector config.", "Password")
                .define(AUTH_TOKEN, Type.PASSWORD, null, null, Importance.MEDIUM,
                        "Token sent as 'Authorization: Bearer <token>'.", "Bearer token")
                .define(AUTH_API_KEY_HEADER, Type.STRING, "X-API-Key", Validators.nonBlank("name the header that "
                        + "carries the key, such as X-API-Key"), Importance.LOW, "Header that carries the API key.",
                        "API key header")
                .define(AUTH_API_KEY, Type.PASSWORD, null, null, Importance.MEDIUM, "API key.", "API key")
                .define(OAUTH2_TOKEN_URL, Type.STRING, "", null, Importance.MEDIUM,
                        "OAuth2 token endpoint (client credentials grant).", "OAuth2 token URL")
                .define(OAUTH2_CLIENT_ID, Type.STRING, "", null, Importance.MEDIUM, "OAuth2 client id.",
                        "OAuth2 client id")
                .define(OAUTH2_CLIENT_SECRET, Type.PASSWORD, null, null, Importance.MEDIUM, "OAuth2 client secret.",
                        "OAuth2 client secret")
                .define(OAUTH2_SCOPE, Type.STRING, "", null, Importance.LOW,
                        "Scope to ask for; empty: none is sent.", "OAuth2 scope")
                .defineChoice(OAUTH2_CLIENT_AUTH, OAuth2ClientAuth.HEADER, Importance.LOW,
                        "How the token request carries the client id and secret: header (HTTP Basic) or form "
                                + "(client_id and client_secret fields).", "OAuth2 client authentication")
                .define(OAUTH2_TOKEN_PROPERTY, Type.STRING, "access_token", Validators.nonBlank("name the field of "
                        + "the token answer that holds the token"), Importance.LOW,
                        "Field of the token endpoint's JSON answer that holds the token; a dotted path "
                                + "(data.token) reaches into nested answers.", "OAuth2 token property")
                .define(OAUTH2_EXTRA_FORM_FIELDS, Type.LIST, "", Validators.namedValues("audience=https://api.example.com"), Importance.LOW,
                        "More fields for the token request, as name=value pairs separated by commas "
                                + "(audience=https://api.example.com).", "OAuth2 extra form fields")
                .define(OAUTH2_REFRESH_MARGIN_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Renew a token this long before it expires (at most half its lifetime early).",
                        "OAuth2 refresh margin")
                .apply(keys -> TLS.define(keys, "endpoint", urlKey, "https:// endpoints"));
    }

    public static HttpClientSettings settings(AbstractConfig c) {
        String proxy = c.getString(PROXY_URL).trim();
        HttpClientSettings.Proxy proxySettings = proxy.isEmpty() ? null
                : new HttpClientSettings.Proxy(URI.create(proxy), c.getString(PROXY_USERNAME), c.getPassword(PROXY_PASSWORD));
        return new HttpClientSettings(c.getInt(CONNECT_TIMEOUT_MS), c.getInt(REQUEST_TIMEOUT_MS),
                c.getInt(MAX_CONNECTIONS), proxySettings, TLS.settings(c), auth(c));
    }

    static AuthSettings auth(AbstractConfig c) {
        AuthType type = ConfigChoices.parse(AuthType.class, AUTH_TYPE, c.getString(AUTH_TYPE));
        AuthSettings.OAuth2 oauth2 = null;
        if (type == AuthType.OAUTH2) {
            oauth2 = new AuthSettings.OAuth2(URI.create(c.getString(OAUTH2_TOKEN_URL).trim()),
                    c.getString(OAUTH2_CLIENT_ID).trim(), c.getPassword(OAUTH2_CLIENT_SECRET), c.getString(OAUTH2_SCOPE).trim(),
                    ConfigChoices.parse(OAuth2ClientAuth.class, OAUTH2_CLIENT_AUTH, c.getString(OAUTH2_CLIENT_AUTH)),
                    c.getString(OAUTH2_TOKEN_PROPERTY).trim(), formFields(c.getList(OAUTH2_EXTRA_FORM_FIELDS)),
                    c.getLong(OAUTH2_REFRESH_MARGIN_MS));
        }
        return new AuthSettings(type, c.getString(AUTH_USERNAME), c.getPassword(AUTH_PASSWORD), c.getPassword(AUTH_TOKEN),
                c.getString(AUTH_API_KEY_HEADER).trim(), c.getPassword(AUTH_API_KEY), oauth2);
    }

    /**
     * What is missing for the chosen authentication or the proxy, as (key, message) pairs, so validate names
     * the key; empty when the combination holds.
     */
    public static Map<String, String> problems(Map<String, String> props) {
        Map<String, String> problems = new LinkedHashMap<>();
        String proxyUser = props.get(PROXY_USERNAME);
        if (proxyUser != null && !proxyUser.isBlank() && props.getOrDefault(PROXY_URL, "").isBlank()) {
            problems.put(PROXY_USERNAME, "a proxy user is set but no proxy; set " + PROXY_URL + " or remove "
                    + PROXY_USERNAME);
        }
        AuthType type;
        try {
            type = ConfigChoices.parse(AuthType.class, AUTH_TYPE, props.getOrDefault(AUTH_TYPE, "none"));
        } catch (ConfigException e) {
            return problems;
        }
        switch (type) {
            case BASIC:
                requireSet(props, problems, AUTH_USERNAME, "http.auth.type=basic needs a user name; set " + AUTH_USERNAME);
                break;
            case BEARER:
                requireSet(props, problems, AUTH_TOKEN, "http.auth.type=bearer needs a token; set " + AUTH_TOKEN);
                break;
            case API_KEY:
                requireSet(props, problems, AUTH_API_KEY, "http.auth.type=api_key needs a key; set " + AUTH_API_KEY);
                break;
            case OAUTH2:
                String tokenUrl = props.getOrDefault(OAUTH2_TOKEN_URL, "").trim();
                if (tokenUrl.isEmpty()) {
                    problems.put(OAUTH2_TOKEN_URL, "http.auth.type=oauth2 needs the token endpoint; set "
                            + OAUTH2_TOKEN_URL + " to its https:// URL");
                } else if (!HttpUrls.isHttpUrl(tokenUrl)) {
                    problems.put(OAUTH2_TOKEN_URL, "must be an http:// or https:// URL with a host, such as "
                            + "https://auth.example.com/oauth/token");
                }
                requireSet(props, problems, OAUTH2_CLIENT_ID, "http.auth.type=oauth2 needs a client id; set "
                        + OAUTH2_CLIENT_ID);
                requireSet(props, problems, OAUTH2_CLIENT_SECRET, "http.auth.type=oauth2 needs a client secret; set "
                        + OAUTH2_CLIENT_SECRET);
                break;
            default:
                break;
        }
        return problems;
    }

    /**
     * A TLS setting that cannot work, or null: TLS files while no address is https:// (reported on
     * {@code addressKey}, the one address key, or on the TLS key when there are several), or material that does
     * not load.
     */
    public static TlsConfig.Problem tlsProblem(Map<String, String> props, AbstractConfig config, boolean anyHttps,
                                               String addressKey) {
        for (String key : List.of(TLS.truststoreLocation(), TLS.keystoreLocation())) {
            String location = props.get(key);
            if (!anyHttps && location != null && !location.isBlank()) {
                return addressKey != null
                        ? new TlsConfig.Problem(addressKey, key + " is set but " + addressKey + " is not https://; use "
                                + "https:// for TLS, or remove " + key)
                        : new TlsConfig.Problem(key, "is set but no endpoint's url is https://; use https:// for TLS, "
                                + "or remove " + key);
            }
        }
        return TLS.problem(TLS.settings(config));
    }

    private static void requireSet(Map<String, String> props, Map<String, String> problems, String key, String message) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            problems.put(key, message);
        }
    }

    static Map<String, String> formFields(List<String> pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return fields;
    }

    static final class ProxyUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (v.isEmpty()) {
                return;
            }
            URI uri;
            try {
                uri = new URI(v);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "is not a URL; write it as http://proxy-host:3128");
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new ConfigException(name, value, "must be http://host:port, such as http://proxy-host:3128");
            }
        }

        @Override
        public String toString() {
            return "empty, or http://host:port";
        }
    }
}
