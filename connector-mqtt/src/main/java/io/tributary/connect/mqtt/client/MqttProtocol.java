package io.tributary.connect.mqtt.client;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What differs between MQTT 5 and 3.1.1 in the HiveMQ client, behind one interface: building the client,
 * connecting with credentials, subscribing, receiving, disconnecting, and telling a refusal for good from a
 * transient failure. {@link MqttSession} holds everything else (transport, TLS, reconnects, threads) once.
 */
interface MqttProtocol {
    /** Builds this version's client from the shared builder (identifier, transport, listeners set). */
    void build(MqttClientBuilder builder);

    /** Hands every received PUBLISH, unacknowledged, to {@code handler}, run through {@code executor}. */
    void receive(Executor executor, Consumer<Received> handler);

    /** Sends CONNECT with the session options and credentials; completes with the CONNACK or its failure. */
    CompletableFuture<?> connect(MqttConnectionSettings settings, MqttSession.Options options, Credentials credentials);

    /** Subscribes; completes with the filters the broker refused, each with its reason (empty: all granted). */
    CompletableFuture<List<Refusal>> subscribe(List<Subscription> subscriptions);

    /**
     * Publishes; completes once the broker took it (PUBACK, PUBCOMP) or refused it with a reason. A connection
     * lost meanwhile does not complete it: the client sends it again on the resumed session.
     */
    CompletableFuture<PublishOutcome> publish(OutboundMessage message);

    CompletableFuture<Void> disconnect();

    /** True for a refusal no retry can mend: credentials, authorization, client id. */
    boolean refusedForGood(Throwable error);

    /** Whether the broker resumed the session on this connection. */
    boolean sessionPresent(MqttClientConnectedContext context);

    /** What the broker announced it takes from this client on this connection. */
    ServerLimits limits(MqttClientConnectedContext context);

    /** A PUBLISH as the version delivered it, before the session stamps its connection and id. */
    record Received(String topic, byte[] payload, int qos, boolean retain, String contentType, Long messageExpirySeconds,
                    String responseTopic,
                    byte[] correlationData, List<java.util.Map.Entry<String, String>> userProperties,
                    Runnable acknowledge) {
    }

    /** A filter the broker refused, and the reason it gave. */
    record Refusal(String filter, String reason) {
    }

    /** The user name and password bytes sent on connect; null fields when not configured. */
    record Credentials(String username, byte[] password) {
        static Credentials of(MqttConnectionSettings settings) {
            String user = settings.username() == null || settings.username().isBlank() ? null : settings.username();
            byte[] password = settings.password() == null || settings.password().value() == null ? null
                    : settings.password().value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new Credentials(user, password);
        }

        boolean present() {
            return username != null;
        }
    }

    /**
     * A publish the client will not send (larger than the broker's Maximum Packet Size, say) as a refusal, since no
     * resend can mend it; any other failure (connection lost, session expired) is thrown on, to be sent again.
     */
    static PublishOutcome unsent(Throwable failure) {
        if (failure instanceof com.hivemq.client.mqtt.exceptions.MqttEncodeException notEncodable) {
            return PublishOutcome.refused("not sent: " + notEncodable.getMessage());
        }
        throw new java.util.concurrent.CompletionException(failure);
    }

    /** The failure inside a CompletionException, as the client's futures report it. */
    static Throwable cause(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    static MqttProtocol of(MqttConnectionSettings.Protocol version) {
        return version == MqttConnectionSettings.Protocol.V5 ? new Mqtt5Protocol() : new Mqtt3Protocol();
    }
}
