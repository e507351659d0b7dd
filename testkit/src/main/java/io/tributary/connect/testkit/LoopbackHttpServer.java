package io.tributary.connect.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP (or HTTPS) server on 127.0.0.1. Records every request with the time it arrived; answers
 * with queued responses first, then by its behaviour (a function of the request), so tests inject 500s,
 * 503/429 with Retry-After, slow answers and connections closed mid-request.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    /** One request as the server saw it, with its arrival time and the client certificate's subject if any. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, long receivedAtMs,
                          String clientCertificate) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One response to give: status, headers, body, an optional delay, or a dropped connection. */
    public record Response(int status, Map<String, String> headers, String body, long delayMs, boolean drops) {
        public Response(int status, Map<String, String> headers, String body) {
            this(status, headers, body, 0, false);
        }

        public static Response ok(String body) {
            return new Response(200, Map.of("Content-Type", "application/json"), body);
        }

        public static Response status(int status) {
            return new Response(status, Map.of(), "{\"error\":\"status " + status + " on purpose\"}");
        }

        /** Closes the connection after reading the request, without any answer. */
        public static Response dropConnection() {
            return new Response(0, Map.of(), "", 0, true);
        }

        public Response after(long delayMs) {
            return new Response(status, headers, body, delayMs, drops);
        }
    }

    /** A request and the status it was answered with (0: the connection was dropped). */
    public record Answered(Request request, int status) {
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** Chooses the answer to a request; {@code n} counts requests from 1. */
    @FunctionalInterface
    public interface Behaviour {
        Response answer(Request request, int n);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Answered> answered = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Response> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Behaviour behaviour = (r, n) -> Response.ok("{}");

    public LoopbackHttpServer() throws IOException {
        this(0, null, false);
    }

    /**
     * A server on {@code port} (0: any free one); with {@code tls} it speaks HTTPS, and with
     * {@code needClientAuth} it admits only clients that present a certificate {@code tls} trusts.
     */
    public LoopbackHttpServer(int port, SSLContext tls, boolean needClientAuth) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    // Through SSLParameters: the engine takes these whole, ignoring the separate flags.
                    javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(ssl);
                }
            });
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public void respondNext(Response response) {
        queued.add(response);
    }

    public void respondByDefault(Response response) {
        behaviour = (r, n) -> response;
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests with the status given, in the order the answers were chosen. */
    public List<Answered> answered() {
        return new ArrayList<>(answered);
    }

    public void clear() {
        requests.clear();
        answered.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String certificate = null;
        if (exchange instanceof com.sun.net.httpserver.HttpsExchange https) {
            SSLSession session = https.getSSLSession();
            try {
                certificate = session.getPeerPrincipal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                certificate = null;
            }
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body, System.currentTimeMillis(), certificate);
        requests.add(request);
        int n = count.incrementAndGet();
        Response r = queued.poll();
        if (r == null) {
            r = behaviour.answer(request, n);
        }
        answered.add(new Answered(request, r.drops() ? 0 : r.status()));
        if (r.delayMs() > 0) {
            try {
                Thread.sleep(r.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (r.drops()) {
            // No status line: closing the exchange before any answer closes the connection under the client.
            exchange.getResponseBody().close();
            exchange.close();
            return;
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client gave up (its timeout) before the answer: nothing to do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
