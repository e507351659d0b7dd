package io.tributary.connect.http;

import io.tributary.connect.common.tls.TlsMaterial;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import io.tributary.connect.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSourceTestSupport.assertEachOnce;
import static io.tributary.connect.http.HttpSourceTestSupport.awaitIds;
import static io.tributary.connect.http.HttpSourceTestSupport.config;
import static io.tributary.connect.http.HttpSourceTestSupport.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP source authenticating as the HTTP sink does (one client/ package): basic, bearer, and OAuth2 tokens
 * that expire in the middle of a paged read; and an https:// endpoint trusted through the connector's own TLS keys.
 */
class HttpSourceSecurityIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create();
    }

    /** Reads 30 records in pages of 10 through a server that answers 401 unless {@code authorized} says yes. */
    private static void readsWith(Map<String, String> auth, java.util.function.Predicate<String> authorized) throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            SourceFeed feed = new SourceFeed(server.baseUrl(), 30, 10);
            server.behave((r, n) -> authorized.test(r.header("Authorization")) ? feed.answer(r, n)
                    : new Response(401, Map.of(), "{\"error\":\"who are you\"}"));
            String name = unique("auth");
            String topic = unique("auth");
            Map<String, String> c = config(1);
            endpoint(c, "prices", server.baseUrl() + "/cursor/" + name, topic, "pagination", "cursor",
                    "pagination.cursor.pointer", "/meta/next");
            c.putAll(auth);
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            assertEachOnce(awaitIds(connect, topic, 30), 30, auth.get("http.auth.type"));
            connect.delete(name);
        }
    }

    @Test
    void basicAndBearerCredentialsGoWithEveryPage() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("feed-reader:pa55".getBytes(StandardCharsets.UTF_8));
        readsWith(Map.of("http.auth.type", "basic", "http.auth.username", "feed-reader", "http.auth.password", "pa55"),
                basic::equals);
        readsWith(Map.of("http.auth.type", "bearer", "http.auth.token", "feed-token"), "Bearer feed-token"::equals);
    }

    /**
     * Tokens that live two seconds, a read paced to last about five: pages go with a live token only, the token
     * renewed before it expires, and no page is lost or read twice.
     */
    @Test
    void oauth2TokensThatExpireInTheMiddleOfAReadAreRenewed() throws Exception {
        Map<String, Long> issued = new ConcurrentHashMap<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            SourceFeed feed = new SourceFeed(server.baseUrl(), 300, 10);
            server.behave((r, n) -> {
                if (r.path().equals("/token")) {
                    String token = "t" + n;
                    issued.put(token, System.currentTimeMillis());
                    return Response.ok("{\"access_token\":\"" + token + "\",\"expires_in\":2}");
                }
                String auth = r.header("Authorization");
                Long at = auth == null ? null : issued.get(auth.replace("Bearer ", ""));
                if (at == null || System.currentTimeMillis() > at + 2_000) {
                    refused.add(r.path() + " with " + auth);
                    return new Response(401, Map.of(), "{\"error\":\"invalid_token\"}");
                }
                return feed.answer(r, n);
            });
            String name = unique("oauth2");
            String topic = unique("oauth2");
            Map<String, String> c = config(1);
            endpoint(c, "prices", server.baseUrl() + "/page/" + name, topic, "pagination", "page_number",
                    "pagination.page.size", "10", "max.requests.per.second", "6");
            c.put("http.auth.type", "oauth2");
            c.put("http.auth.oauth2.token.url", server.baseUrl() + "/token");
            c.put("http.auth.oauth2.client.id", "feed-reader");
            c.put("http.auth.oauth2.client.secret", "s3cret");
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            assertEachOnce(awaitIds(connect, topic, 300), 300, "oauth2");
            assertTrue(issued.size() >= 3, "tokens renewed while the read went on: " + issued.size());
            assertEquals(List.of(), refused, "no page went with an expired token");
            connect.delete(name);
        }
    }

    /** An https:// endpoint whose certificate the connector trusts through http.ssl.* alone. */
    @Test
    void anHttpsEndpointIsTrustedThroughTheConnectorsOwnTruststore() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(TlsMaterial.keyManagers(certs.serverKeystore, TlsMaterial.StoreType.PKCS12,
                TestCertificates.KEYSTORE_PASSWORD.toCharArray(), null).getKeyManagers(), null, null);
        try (LoopbackHttpServer server = new LoopbackHttpServer(0, tls, false)) {
            SourceFeed feed = new SourceFeed(server.baseUrl(), 25, 10);
            server.behave(feed);
            String name = unique("tls");
            String topic = unique("tls");
            Map<String, String> c = config(1);
            endpoint(c, "prices", server.baseUrl() + "/next/" + name + "?from=0", topic, "pagination", "next_url",
                    "pagination.next.url.pointer", "/links/next");
            c.put("http.ssl.truststore.location", certs.caCert.toString());
            c.put("http.ssl.truststore.type", "pem");
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            assertEachOnce(awaitIds(connect, topic, 25), 25, "over TLS");
            connect.delete(name);
        }
    }
}
