package io.tributary.connect.mqtt.client;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** MQTT 5: session expiry, Receive Maximum, retain handling, reason codes, user properties. */
final class Mqtt5Protocol implements MqttProtocol {
    private Mqtt5AsyncClient client;

    @Override
    public void build(MqttClientBuilder builder) {
        client = builder.useMqttVersion5().buildAsync();
    }

    @Override
    public void receive(Executor executor, Consumer<Received> handler) {
        client.publishes(MqttGlobalPublishFilter.ALL, p -> handler.accept(received(p)), executor, true);
    }

    private static Received received(Mqtt5Publish p) {
        List<Map.Entry<String, String>> props = new ArrayList<>();
        p.getUserProperties().asList().forEach(u -> props.add(Map.entry(u.getName().toString(), u.getValue().toString())));
        return new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain(),
                p.getContentType().map(Object::toString).orElse(null),
                p.getMessageExpiryInterval().isPresent() ? p.getMessageExpiryInterval().getAsLong() : null, p.getResponseTopic().map(Object::toString).orElse(null),
                p.getCorrelationData().map(Mqtt5Protocol::bytes).orElse(null), props, p::acknowledge);
    }

    @Override
    public CompletableFuture<?> connect(MqttConnectionSettings settings, MqttSession.Options options, Credentials credentials) {
        var connect = client.connectWith()
                .cleanStart(options.cleanStart())
                .sessionExpiryInterval(options.sessionExpirySeconds())
                .keepAlive(settings.keepAliveSeconds())
                .restrictions().receiveMaximum(options.receiveMaximum()).applyRestrictions();
        if (credentials.present()) {
            var auth = Mqtt5SimpleAuth.builder().username(credentials.username());
            connect = connect.simpleAuth(credentials.password() == null ? auth.build() : auth.password(credentials.password()).build());
        }
        return connect.send();
    }

    @Override
    public CompletableFuture<List<Refusal>> subscribe(List<Subscription> subscriptions) {
        Mqtt5SubscribeBuilder.Start builder = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (Subscription s : subscriptions) {
            complete = (complete == null ? builder : complete).addSubscription()
                    .topicFilter(s.filter()).qos(MqttQos.fromCode(s.qos()))
                    .retainHandling(s.skipRetained() ? Mqtt5RetainHandling.DO_NOT_SEND
                            : Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                    .applySubscription();
        }
        return client.subscribe(complete.build()).handle((ack, error) -> {
            if (error != null) {
                Throwable e = MqttProtocol.cause(error);
                if (!(e instanceof Mqtt5SubAckException refused)) {
                    throw new CompletionException(e);
                }
                ack = refused.getMqttMessage();
            }
            return refusals(subscriptions, ack);
        });
    }

    private static List<Refusal> refusals(List<Subscription> subscriptions, Mqtt5SubAck ack) {
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < ack.getReasonCodes().size(); i++) {
            if (ack.getReasonCodes().get(i).isError()) {
                refused.add(new Refusal(subscriptions.get(i).filter(), ack.getReasonCodes().get(i).toString()));
            }
        }
        return refused;
    }

    @Override
    public CompletableFuture<PublishOutcome> publish(OutboundMessage m) {
        var publish = Mqtt5Publish.builder().topic(m.topic()).qos(MqttQos.fromCode(m.qos())).retain(m.retain())
                .payload(m.payload());
        if (m.contentType() != null) {
            publish = publish.contentType(m.contentType());
        }
        if (m.messageExpirySeconds() != null) {
            publish = publish.messageExpiryInterval(m.messageExpirySeconds());
        }
        if (m.responseTopic() != null) {
            publish = publish.responseTopic(m.responseTopic());
        }
        if (m.correlationData() != null) {
            publish = publish.correlationData(m.correlationData());
        }
        if (!m.userProperties().isEmpty()) {
            var props = Mqtt5UserProperties.builder();
            m.userProperties().forEach(e -> props.add(e.getKey(), e.getValue()));
            publish = publish.userProperties(props.build());
        }
        return client.publish(publish.build()).handle((result, error) -> {
            Throwable failure = error != null ? MqttProtocol.cause(error) : result.getError().orElse(null);
            if (failure == null) {
                return PublishOutcome.TAKEN;
            }
            if (failure instanceof Mqtt5PubAckException refused) {
                return PublishOutcome.refused(refused.getMqttMessage().getReasonCode().toString());
            }
            if (failure instanceof Mqtt5PubRecException refused) {
                return PublishOutcome.refused(refused.getMqttMessage().getReasonCode().toString());
            }
            return MqttProtocol.unsent(failure);
        });
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    @Override
    public boolean refusedForGood(Throwable error) {
        if (MqttProtocol.cause(error) instanceof Mqtt5ConnAckException refused) {
            Mqtt5ConnAckReasonCode code = refused.getMqttMessage().getReasonCode();
            return code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED || code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
        }
        return false;
    }

    @Override
    public boolean sessionPresent(MqttClientConnectedContext context) {
        return ((Mqtt5ClientConnectedContext) context).getConnAck().isSessionPresent();
    }

    @Override
    public ServerLimits limits(MqttClientConnectedContext context) {
        var r = ((Mqtt5ClientConnectedContext) context).getConnAck().getRestrictions();
        return new ServerLimits(r.getReceiveMaximum(), r.getMaximumPacketSize(), r.getMaximumQos().getCode(),
                r.isRetainAvailable());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
