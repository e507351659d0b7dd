package io.tributary.connect.http;

import io.tributary.connect.common.tls.TlsMaterial;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import io.tributary.connect.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.http.HttpSinkTestSupport.acceptedSeqs;
import static io.tributary.connect.http.HttpSinkTestSupport.config;
import static io.tributary.connect.http.HttpSinkTestSupport.deadLetters;
import static io.tributary.connect.http.HttpSinkTestSupport.produceItems;
import static io.tributary.connect.http.HttpSinkTestSupport.taskMetric;
import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSinkTestSupport.withDeadLetterQueue;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS with generated certificates (mutual TLS too) and OAuth2 with expiring tokens, through a real cluster. */
class HttpSinkSecurityIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create();
    }

    private static String topic(String name) {
        String topic = unique(name);
        connect.createTopic(topic, 1);
        return topic;
    }

    /** An HTTPS server with the test server certificate that admits only clients with a certificate of the test CA. */
    private static LoopbackHttpServer mutualTlsServer() throws Exception {
        return tlsServer(certs.serverKeystore, true);
    }

    private static LoopbackHttpServer tlsServer(java.nio.file.Path keystore, boolean needClientAuth) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(TlsMaterial.keyManagers(keystore, TlsMaterial.StoreType.PKCS12,
                        TestCertificates.KEYSTORE_PASSWORD.toCharArray(), null).getKeyManagers(),
                TlsMaterial.trustManagers(certs.caCert, TlsMaterial.StoreType.PEM, null).getTrustManagers(), null);
        return new LoopbackHttpServer(0, tls, needClientAuth);
    }

    private static Map<String, String> trustingTheTestCa(Map<String, String> c) {
        c.put("http.ssl.truststore.location", certs.caCert.toString());
        c.put("http.ssl.truststore.type", "pem");
        return c;
    }

    @Test
    void mutualTlsWithAPkcs12OrPemClientCertificateOfThisConnectorOnly() throws Exception {
        String topic = topic("mtls");
        try (LoopbackHttpServer server = mutualTlsServer()) {
            Map<String, String> p12 = trustingTheTestCa(config(topic, server.baseUrl() + "/p12", 1));
            p12.put("http.ssl.keystore.location", certs.clientKeystore.toString());
            p12.put("http.ssl.keystore.type", "pkcs12");
            p12.put("http.ssl.keystore.password", TestCertificates.KEYSTORE_PASSWORD);
            Map<String, String> pem = trustingTheTestCa(config(topic, server.baseUrl() + "/pem", 1));
            pem.put("http.ssl.keystore.location", certs.clientPem.toString());
            pem.put("http.ssl.keystore.type", "pem");
            assertEquals(0, connect.validate(HttpSinkConnector.class.getName(), named(p12)).errorCount());
            connect.configure(topic + "-p12", p12);
            connect.configure(topic + "-pem", pem);
            connect.awaitRunning(topic + "-p12", 1);
            connect.awaitRunning(topic + "-pem", 1);
            produceItems(connect, topic, 1, 10);
            Await.until(Duration.ofSeconds(30), "both connectors delivered over mutual TLS", () -> server.requests().stream()
                    .filter(r -> r.path().equals("/p12") || r.path().equals("/pem")).map(LoopbackHttpServer.Request::path)
                    .distinct().count() == 2);
            assertTrue(server.requests().stream().allMatch(r -> r.clientCertificate() != null
                    && r.clientCertificate().contains("CN=tributary-connector")), server.requests().toString());
            assertEquals(20, acceptedSeqs(server).get(0).size());
            connect.delete(topic + "-p12");
            connect.delete(topic + "-pem");
        }
    }

    @Test
    void withoutTheClientCertificateTheHandshakeFailsAndTheRecordsGoToTheDeadLetterQueue() throws Exception {
        String topic = topic("no-client-cert");
        try (LoopbackHttpServer server = mutualTlsServer()) {
            Map<String, String> c = withDeadLetterQueue(trustingTheTestCa(config(topic, server.baseUrl() + "/x", 1)),
                    topic + "-dlq");
            c.put("max.retries", "1");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            produceItems(connect, topic, 1, 2);
            List<Map<String, String>> letters = deadLetters(connect, topic + "-dlq", 2);
            assertEquals(2, letters.size());
            assertEquals("-1", letters.get(0).get("tributary.http.status"), "no answer came");
            assertEquals("2", letters.get(0).get("tributary.http.attempts"));
            assertTrue(server.requests().isEmpty());
            connect.delete(topic);
        }
    }

    /**
     * A certificate of a trusted CA that names another host: refused by default, taken with this connector's
     * own http.ssl.hostname.verification=false (and no other connector's, nor the JVM's, trust changes).
     */
    @Test
    void aCertificateForAnotherHostIsRefusedUnlessThisConnectorTurnsHostnameVerificationOff() throws Exception {
        String topic = topic("hostname");
        try (LoopbackHttpServer server = tlsServer(certs.otherHostKeystore, false)) {
            Map<String, String> strict = withDeadLetterQueue(trustingTheTestCa(config(topic, server.baseUrl() + "/strict", 1)),
                    topic + "-dlq");
            strict.put("max.retries", "0");
            Map<String, String> lenient = trustingTheTestCa(config(topic, server.baseUrl() + "/lenient", 1));
            lenient.put("http.ssl.hostname.verification", "false");
            connect.configure(topic + "-strict", strict);
            connect.configure(topic + "-lenient", lenient);
            connect.awaitRunning(topic + "-strict", 1);
            connect.awaitRunning(topic + "-lenient", 1);
            produceItems(connect, topic, 1, 3);
            Await.until(Duration.ofSeconds(30), "the lenient connector's records", () -> acceptedSeqs(server, "/lenient")
                    .getOrDefault(0, List.of()).size() >= 3);
            List<Map<String, String>> letters = deadLetters(connect, topic + "-dlq", 3);
            assertEquals(3, letters.size());
            assertEquals("-1", letters.get(0).get("tributary.http.status"));
            assertTrue(letters.get(0).get("__connect.errors.exception.message").contains("SSL"), letters.get(0).toString());
            assertTrue(server.requests().stream().noneMatch(r -> r.path().startsWith("/strict")));
            connect.delete(topic + "-strict");
            connect.delete(topic + "-lenient");
        }
    }

    /** An HTTP proxy that asks for credentials: the connector answers its challenge and its records go through. */
    @Test
    void recordsGoThroughAProxyThatAsksForCredentials() throws Exception {
        String topic = topic("proxied");
        try (LoopbackHttpServer server = new LoopbackHttpServer();
             io.tributary.connect.testkit.LoopbackHttpProxy proxy = new io.tributary.connect.testkit.LoopbackHttpProxy(
                     "connect", "pr0xy")) {
            Map<String, String> c = config(topic, server.baseUrl() + "/via-proxy", 1);
            c.put("http.proxy.url", proxy.url());
            c.put("http.proxy.username", "connect");
            c.put("http.proxy.password", "pr0xy");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            produceItems(connect, topic, 1, 20);
            Await.until(Duration.ofSeconds(30), "20 records through the proxy", () -> acceptedSeqs(server, "/via-proxy")
                    .getOrDefault(0, List.of()).size() >= 20);
            assertTrue(proxy.challenges() >= 1, "the proxy asked for credentials");
            assertTrue(!proxy.forwarded().isEmpty() && proxy.forwarded().stream()
                    .allMatch(f -> f.equals("POST " + server.baseUrl() + "/via-proxy")), proxy.forwarded().toString());
            assertEquals(proxy.forwarded().size(), server.requests().size(), "every request came through the proxy");
            connect.delete(topic);
        }
    }

    @Test
    void validateOpensTheTrustStoreWithItsPassword() {
        Map<String, String> c = named(config("t", "https://127.0.0.1:1/x", 1));
        c.put("http.ssl.truststore.location", certs.clientKeystore.toString());
        c.put("http.ssl.truststore.type", "pkcs12");
        c.put("http.ssl.truststore.password", "wrong");
        assertError(connect.validate(HttpSinkConnector.class.getName(), c), "http.ssl.truststore.location",
                "http.ssl.truststore.password");
        Map<String, String> plain = named(config("t", "http://127.0.0.1:1/x", 1));
        plain.put("http.ssl.truststore.location", certs.caCert.toString());
        assertError(connect.validate(HttpSinkConnector.class.getName(), plain), "http.url", "not https://");
    }

    /**
     * An OAuth2 token endpoint of the odd kind (token under data.token, an audience field, client
     * credentials in a Basic header) whose tokens live two seconds: the sink renews them before they
     * expire, and once more at once when the endpoint answers 401 to a token it revoked.
     */
    @Test
    void oauth2TokensAreCachedRenewedBeforeExpiryAndOnceAfterA401() throws Exception {
        String topic = topic("oauth2");
        Map<String, Long> issued = new ConcurrentHashMap<>();
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        AtomicInteger unauthorized = new AtomicInteger();
        AtomicBoolean revokeNext = new AtomicBoolean();
        List<String> afterRevocation = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean badTokenRequest = new AtomicBoolean();
        String basic = "Basic " + Base64.getEncoder().encodeToString("inventory-sink:s3cret".getBytes(StandardCharsets.UTF_8));
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> {
                if (r.path().equals("/token")) {
                    if (!basic.equals(r.header("Authorization")) || !r.body().contains("grant_type=client_credentials")
                            || !r.body().contains("scope=inventory.write")
                            || !r.body().contains("audience=https%3A%2F%2Fapi.retail.test")) {
                        badTokenRequest.set(true);
                        return new Response(401, Map.of(), "{\"error\":\"invalid_client\"}");
                    }
                    String token = "t" + n;
                    issued.put(token, System.currentTimeMillis());
                    return Response.ok("{\"data\":{\"token\":\"" + token + "\"},\"expires_in\":2}");
                }
                String auth = r.header("Authorization");
                String token = auth == null ? "" : auth.replace("Bearer ", "");
                if (revokeNext.compareAndSet(true, false)) {
                    // The authorization server revokes this token before it expires: the endpoint refuses it.
                    revoked.add(token);
                    afterRevocation.add("401 " + token);
                } else if (!revoked.isEmpty() && afterRevocation.size() < 2) {
                    afterRevocation.add((revoked.contains(token) ? "401 " : "200 ") + token);
                }
                Long at = issued.get(token);
                if (at == null || System.currentTimeMillis() > at + 2_000 || revoked.contains(token)) {
                    unauthorized.incrementAndGet();
                    return new Response(401, Map.of(), "{\"error\":\"invalid_token\"}");
                }
                return Response.ok("{}");
            });
            Map<String, String> c = config(topic, server.baseUrl() + "/api", 1);
            c.put("http.auth.type", "oauth2");
            c.put("http.auth.oauth2.token.url", server.baseUrl() + "/token");
            c.put("http.auth.oauth2.client.id", "inventory-sink");
            c.put("http.auth.oauth2.client.secret", "s3cret");
            c.put("http.auth.oauth2.scope", "inventory.write");
            c.put("http.auth.oauth2.token.property", "data.token");
            c.put("http.auth.oauth2.extra.form.fields", "audience=https://api.retail.test");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            int sent = 0;
            for (int round = 0; round < 12; round++) {
                produceItems(connect, topic, 1, 5);
                sent += 5;
                if (round == 8) {
                    revokeNext.set(true);
                }
                Thread.sleep(400);
            }
            int expected = sent;
            Await.until(Duration.ofSeconds(30), "every record accepted",
                    () -> acceptedSeqs(server, "/api").getOrDefault(0, List.of()).size() >= expected);
            assertEquals(false, badTokenRequest.get(), "token requests carried the client credentials and form fields");
            assertTrue(issued.size() >= 4, "tokens renewed before they expired: " + issued.size());
            assertTrue(unauthorized.get() >= 1, "the revoked token met a 401");
            // The 401 renewed the token at once, and the same request went again with the new one.
            assertEquals(2, afterRevocation.size(), afterRevocation.toString());
            assertTrue(afterRevocation.get(1).startsWith("200 ") && !afterRevocation.get(1).substring(4)
                    .equals(afterRevocation.get(0).substring(4)), afterRevocation.toString());
            assertEquals(issued.size(), taskMetric(topic, 0, "oauth2-tokens-fetched"));
            assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
            connect.delete(topic);
        }
    }

    private static Map<String, String> named(Map<String, String> c) {
        Map<String, String> out = new HashMap<>(c);
        out.put("name", unique("validate"));
        return out;
    }
}
