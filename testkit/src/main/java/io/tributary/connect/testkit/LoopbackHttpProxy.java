package io.tributary.connect.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real forward HTTP proxy on 127.0.0.1 for http:// targets, asking for Basic credentials (407 with
 * Proxy-Authenticate) and forwarding what carries the right ones; records what it forwarded.
 */
public final class LoopbackHttpProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-authorization", "proxy-connection",
            "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newHttpClient();
    private final String expectedCredentials;
    private final AtomicInteger challenges = new AtomicInteger();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    public LoopbackHttpProxy(String user, String password) throws IOException {
        this.expectedCredentials = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests were answered 407 for want of the right credentials. */
    public int challenges() {
        return challenges.get();
    }

    /** "METHOD absolute-URI" of every request forwarded. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (!expectedCredentials.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
            challenges.incrementAndGet();
            exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"tributary-test-proxy\"");
            exchange.sendResponseHeaders(407, -1);
            exchange.close();
            return;
        }
        URI target = exchange.getRequestURI();
        if (target.getScheme() == null) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
            return;
        }
        forwarded.add(exchange.getRequestMethod() + " " + target);
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
