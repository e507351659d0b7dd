package io.tributary.connect.mqtt.client;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** MQTT 3.1.1: clean session instead of session expiry, return codes instead of reasons, no properties. */
final class Mqtt3Protocol implements MqttProtocol {
    private Mqtt3AsyncClient client;

    @Override
    public void build(MqttClientBuilder builder) {
        client = builder.useMqttVersion3().buildAsync();
    }

    @Override
    public void receive(Executor executor, Consumer<Received> handler) {
        client.publishes(MqttGlobalPublishFilter.ALL, p -> handler.accept(received(p)), executor, true);
    }

    private static Received received(Mqtt3Publish p) {
        return new Received(p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain(), null,
                null, null, null, List.of(), p::acknowledge);
    }

    @Override
    public CompletableFuture<?> connect(MqttConnectionSettings settings, MqttSession.Options options, Credentials credentials) {
        var connect = client.connectWith()
                .cleanSession(options.cleanStart())
                .keepAlive(settings.keepAliveSeconds());
        if (credentials.present()) {
            var auth = Mqtt3SimpleAuth.builder().username(credentials.username());
            connect = connect.simpleAuth(credentials.password() == null ? auth.build() : auth.password(credentials.password()).build());
        }
        return connect.send();
    }

    @Override
    public CompletableFuture<List<Refusal>> subscribe(List<Subscription> subscriptions) {
        Mqtt3SubscribeBuilder.Start builder = Mqtt3Subscribe.builder();
        Mqtt3SubscribeBuilder.Complete complete = null;
        for (Subscription s : subscriptions) {
            complete = (complete == null ? builder : complete).addSubscription()
                    .topicFilter(s.filter()).qos(MqttQos.fromCode(s.qos())).applySubscription();
        }
        return client.subscribe(complete.build()).thenApply(ack -> {
            List<Refusal> refused = new ArrayList<>();
            for (int i = 0; i < ack.getReturnCodes().size(); i++) {
                if (ack.getReturnCodes().get(i).isError()) {
                    refused.add(new Refusal(subscriptions.get(i).filter(), ack.getReturnCodes().get(i).toString()));
                }
            }
            return refused;
        });
    }

    @Override
    public CompletableFuture<PublishOutcome> publish(OutboundMessage m) {
        // MQTT 3.1.1 has no reason codes: a broker that refuses a publish drops it or the connection.
        return client.publish(Mqtt3Publish.builder().topic(m.topic()).qos(MqttQos.fromCode(m.qos())).retain(m.retain())
                .payload(m.payload()).build()).handle((result, error) -> error == null ? PublishOutcome.TAKEN
                : MqttProtocol.unsent(MqttProtocol.cause(error)));
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }

    @Override
    public boolean refusedForGood(Throwable error) {
        if (MqttProtocol.cause(error) instanceof Mqtt3ConnAckException refused) {
            Mqtt3ConnAckReturnCode code = refused.getMqttMessage().getReturnCode();
            return code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED || code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED;
        }
        return false;
    }

    @Override
    public boolean sessionPresent(MqttClientConnectedContext context) {
        return ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent();
    }

    @Override
    public ServerLimits limits(MqttClientConnectedContext context) {
        return ServerLimits.PROTOCOL;
    }
}
