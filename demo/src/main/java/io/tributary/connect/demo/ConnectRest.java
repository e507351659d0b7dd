package io.tributary.connect.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Connect REST calls the local stack makes, exactly as a user would make them with curl. */
final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ConnectRest(String base) {
        this.base = base;
    }

    /** {@code PUT /connectors/NAME/config}: creates the connector, or updates it when it exists. */
    void putConfig(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
        if (r.statusCode() >= 300) {
            throw new IOException("PUT /connectors/" + name + "/config answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** {@code GET /connectors?expand=status}: each connector's state and its tasks'. */
    JsonNode statuses() throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/connectors?expand=status")).GET());
        if (r.statusCode() != 200) {
            throw new IOException("GET /connectors answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Records a sink connector has delivered and committed: the sum of its committed offsets from
     * {@code GET /connectors/NAME/offsets} (-1 when the worker does not answer).
     */
    java.util.function.LongSupplier committedRecords(String connector) {
        return () -> {
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + connector + "/offsets")).GET());
                if (r.statusCode() != 200) {
                    return -1;
                }
                long sum = 0;
                for (JsonNode offset : JSON.readTree(r.body()).path("offsets")) {
                    sum += offset.path("offset").path("kafka_offset").asLong();
                }
                return sum;
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        };
    }

    /** True when the worker answers and {@code GET /connector-plugins} lists the class. */
    boolean lists(String connectorClass) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/connector-plugins")).GET());
            return r.statusCode() == 200 && r.body().contains(connectorClass);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
