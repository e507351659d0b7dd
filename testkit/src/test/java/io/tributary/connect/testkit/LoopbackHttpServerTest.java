package io.tributary.connect.testkit;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoopbackHttpServerTest {
    @Test
    void recordsRequestsAndAnswersQueuedResponsesFirst() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.respondNext(new LoopbackHttpServer.Response(503, Map.of("Retry-After", "1"), ""));
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ingest?x=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("[1,2]")).build();
            HttpResponse<String> first = client.send(post, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, first.statusCode());
            assertEquals("1", first.headers().firstValue("Retry-After").orElse(null));
            assertEquals(200, second.statusCode());
            assertEquals(2, server.requests().size());
            assertEquals("/ingest?x=1", server.requests().get(0).path());
            assertEquals("[1,2]", server.requests().get(1).body());
        }
    }

    @Test
    void aDroppedConnectionGivesTheClientNoAnswer() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.respondNext(LoopbackHttpServer.Response.dropConnection());
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThrows(java.io.IOException.class, () -> client.send(post, HttpResponse.BodyHandlers.ofString()));
            assertEquals(200, client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, server.requests().size());
        }
    }
}
