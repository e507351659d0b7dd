package io.tributary.connect.http.client;

import io.tributary.connect.common.tls.TlsSettings;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One pooled Apache HttpClient 5 per task, set up from the connector's own settings: timeouts, pool size,
 * proxy, TLS context (never the JVM-wide one) and credentials. It sends a request once; retrying is
 * {@link RetryingExecutor}'s job, so the client's own retries and redirects are off.
 */
public final class HttpTransport implements AutoCloseable {
    private final CloseableHttpClient client;
    private final Auth auth;
    private final java.util.concurrent.ConcurrentMap<String, ContentType> contentTypes =
            new java.util.concurrent.ConcurrentHashMap<>();

    public HttpTransport(HttpClientSettings settings) throws IOException, GeneralSecurityException {
        this(settings, System::currentTimeMillis);
    }

    HttpTransport(HttpClientSettings settings, LongSupplier clock) throws IOException, GeneralSecurityException {
        this.client = build(settings);
        this.auth = auth(settings.auth(), client, clock);
    }

    /**
     * Sends {@code request} once and reads of the answer what {@code reading} asks for; a body not read is
     * skipped. A 401 to credentials that can be renewed (an OAuth2 token) renews them and sends once more.
     */
    public HttpExchange send(OutgoingRequest request, ResponseReading reading) throws IOException {
        long start = System.nanoTime();
        HttpExchange exchange = sendOnce(request, reading, start);
        if (exchange.status() == 401 && auth.renewAfterUnauthorized()) {
            exchange = sendOnce(request, reading, start);
        }
        return exchange;
    }

    private HttpExchange sendOnce(OutgoingRequest request, ResponseReading reading, long start) throws IOException {
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.uri());
        for (Map.Entry<String, String> h : request.headers()) {
            http.addHeader(h.getKey(), h.getValue());
        }
        if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body(), request.contentType() == null ? null
                    : contentTypes.computeIfAbsent(request.contentType(), ContentType::parse)));
        }
        auth.apply(http);
        return client.execute(http, response -> {
            Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
            boolean skip = response.getEntity() == null || (!reading.successBodies() && response.getCode() / 100 == 2);
            // A skipped body is drained by the client before the connection goes back to the pool.
            String body = skip ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8,
                    reading.maxBodyChars());
            Map<String, List<String>> headers = Map.of();
            if (reading.headers()) {
                headers = new HashMap<>();
                for (Header h : response.getHeaders()) {
                    headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(h.getValue());
                }
            }
            return new HttpExchange(response.getCode(), retryAfter == null ? null : retryAfter.getValue(),
                    body == null ? "" : body, headers, System.nanoTime() - start);
        });
    }

    /** How many OAuth2 tokens were fetched so far (0 for other authentication). */
    public long tokensFetched() {
        return auth instanceof OAuth2ClientCredentials oauth ? oauth.tokensFetched() : 0;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private static CloseableHttpClient build(HttpClientSettings settings) throws IOException, GeneralSecurityException {
        TlsSettings tls = settings.tls();
        ClientTlsStrategyBuilder tlsStrategy = ClientTlsStrategyBuilder.create().setSslContext(tls.sslContext());
        if (!tls.hostnameVerification()) {
            tlsStrategy.setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
        }
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tlsStrategy.buildClassic())
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs()))
                        // A pooled connection idle this long is checked before reuse, so one the server closed
                        // meanwhile is not handed a request.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs()))
                        .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.requestTimeoutMs()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setUserAgent("tributary-http-connector");
        HttpClientSettings.Proxy proxy = settings.proxy();
        if (proxy != null) {
            HttpHost proxyHost = new HttpHost(proxy.uri().getScheme(), proxy.uri().getHost(), proxy.uri().getPort());
            builder.setProxy(proxyHost);
            if (proxy.username() != null && !proxy.username().isBlank()) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                String password = proxy.password() == null ? "" : proxy.password().value();
                credentials.setCredentials(new AuthScope(proxyHost),
                        new UsernamePasswordCredentials(proxy.username(), password.toCharArray()));
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        return builder.build();
    }

    private static Auth auth(AuthSettings settings, CloseableHttpClient client, LongSupplier clock) {
        switch (settings.type()) {
            case BASIC:
                return HeaderAuth.basic(settings.username(), settings.password() == null ? null : settings.password().value());
            case BEARER:
                return HeaderAuth.bearer(settings.token().value());
            case API_KEY:
                return HeaderAuth.apiKey(settings.apiKeyHeader(), settings.apiKey().value());
            case OAUTH2:
                return new OAuth2ClientCredentials(settings.oauth2(), client, clock);
            default:
                return Auth.NONE;
        }
    }
}
