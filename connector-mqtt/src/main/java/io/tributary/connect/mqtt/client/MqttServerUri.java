package io.tributary.connect.mqtt.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A broker address: {@code tcp://host:1883}, {@code ssl://host:8883}, {@code ws://host:8080/mqtt} or {@code wss://}. */
public final class MqttServerUri {
    private final String host;
    private final int port;
    private final boolean tls;
    private final boolean websocket;
    private final String path;

    private MqttServerUri(String host, int port, boolean tls, boolean websocket, String path) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.websocket = websocket;
        this.path = path;
    }

    /** Parses the URI; the message of the exception says what is wrong and how to write it. */
    public static MqttServerUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI (" + e.getReason() + "); write it as tcp://host:1883");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        boolean ws;
        int defaultPort;
        switch (scheme) {
            case "tcp":
            case "mqtt":
                tls = false; ws = false; defaultPort = 1883;
                break;
            case "ssl":
            case "tls":
            case "mqtts":
                tls = true; ws = false; defaultPort = 8883;
                break;
            case "ws":
                tls = false; ws = true; defaultPort = 80;
                break;
            case "wss":
                tls = true; ws = true; defaultPort = 443;
                break;
            default:
                throw new IllegalArgumentException("has scheme '" + scheme + "'; use tcp://, ssl://, ws:// or wss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("names no host; write it as " + scheme + "://host:port");
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "mqtt" : uri.getRawPath().substring(1);
        return new MqttServerUri(uri.getHost(), port, tls, ws, path);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    public boolean websocket() {
        return websocket;
    }

    /** The WebSocket path without its leading slash ({@code mqtt} by default). */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return (websocket ? (tls ? "wss" : "ws") : (tls ? "ssl" : "tcp")) + "://" + host + ":" + port
                + (websocket ? "/" + path : "");
    }
}
