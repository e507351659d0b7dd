package io.tributary.connect.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 and a free port. Records every request; answers with queued
 * responses first (to inject failures such as 503 with Retry-After), then with the default one.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    }

    /** One response to give. */
    public record Response(int status, Map<String, String> headers, String body) {
        public static Response ok(String body) {
            return new Response(200, Map.of("Content-Type", "application/json"), body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Response> queued = new ConcurrentLinkedQueue<>();
    private volatile Response defaultResponse = Response.ok("{}");

    public LoopbackHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void respondNext(Response response) {
        queued.add(response);
    }

    public void respondByDefault(Response response) {
        defaultResponse = response;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
        }
        Response r = queued.poll();
        if (r == null) {
            r = defaultResponse;
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
