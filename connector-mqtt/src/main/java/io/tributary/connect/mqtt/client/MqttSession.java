package io.tributary.connect.mqtt.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import io.tributary.connect.common.retry.Backoff;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.reactivex.schedulers.Schedulers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MQTT client connection for one task, over the HiveMQ client: connects (TLS, credentials),
 * keeps a persistent session, subscribes once, reconnects with jittered backoff (the broker then
 * resumes the session and re-sends what was not acknowledged), and hands every message to the
 * listener unacknowledged. What differs between MQTT versions is in an {@link MqttProtocol}; this
 * class holds the rest once.
 */
public final class MqttSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttSession.class);

    /** Per-session options that are not about reaching the broker. */
    public record Options(String clientId, boolean cleanStart, long sessionExpirySeconds, int receiveMaximum,
                          List<Subscription> subscriptions) {
    }

    private final MqttConnectionSettings settings;
    private final Options options;
    private final SessionListener listener;
    private final Backoff backoff;
    private final ExecutorService inbound;
    /**
     * Starts this session's own Netty event-loop thread, named after the client: a thread dump (or a
     * CPU profile) then tells which task's connection a network thread serves, and one busy connector
     * cannot delay another's keep-alives on a shared event loop. The client stops the thread when it
     * disconnects for good.
     */
    private final Executor network;
    /**
     * Runs the client's completions of this session's futures (a publish acknowledged), which the client otherwise
     * runs on RxJava's pool shared by the whole JVM: a thread of the session's own, named after it, that ends when
     * idle. Never shut down: the client may hand it the end of a flow after disconnecting.
     */
    private final Executor callbacks;
    private final AtomicLong connection = new AtomicLong();
    /** The connection the message being delivered came on; only the single inbound thread reads and writes it. */
    private long deliveryConnection;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean connected;
    private volatile ServerLimits limits = ServerLimits.PROTOCOL;
    private final AtomicBoolean refused = new AtomicBoolean();
    private final MqttProtocol protocol;

    public MqttSession(MqttConnectionSettings settings, Options options, SessionListener listener) {
        this.settings = settings;
        this.options = options;
        this.listener = listener;
        this.backoff = new Backoff(settings.reconnectBackoffMs(), settings.reconnectBackoffMaxMs());
        this.inbound = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-mqtt-inbound-" + options.clientId());
            t.setDaemon(true);
            return t;
        });
        this.network = new ThreadPerTaskExecutor(new DefaultThreadFactory("tributary-mqtt-io-" + options.clientId(), true));
        ThreadPoolExecutor callbackThread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("tributary-mqtt-callback-" + options.clientId(), true));
        callbackThread.allowCoreThreadTimeOut(true);
        this.callbacks = callbackThread;
        this.protocol = MqttProtocol.of(settings.protocol());
    }

    /** Starts connecting and returns; the listener hears when the connection is up. */
    public void start() throws Exception {
        var transport = com.hivemq.client.mqtt.MqttClientTransportConfig.builder()
                .serverHost(settings.uri().host())
                .serverPort(settings.uri().port())
                .socketConnectTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(settings.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        if (settings.uri().tls()) {
            transport = transport.sslConfig(sslConfig());
        }
        if (settings.uri().websocket()) {
            transport = transport.webSocketConfig().serverPath(settings.uri().path()).applyWebSocketConfig();
        }
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(options.clientId())
                .executorConfig(MqttClientExecutorConfig.builder().nettyExecutor(network).nettyThreads(1)
                        .applicationScheduler(Schedulers.from(callbacks)).build())
                .transportConfig(transport.build())
                .addConnectedListener(this::connected)
                .addDisconnectedListener(this::disconnected);
        protocol.build(builder);
        protocol.receive(this::runInbound, received -> deliver(inbound(received)));
        watch(protocol.connect(settings, options, MqttProtocol.Credentials.of(settings)));
        log.info("MQTT client {} connecting to {}", options.clientId(), settings);
    }

    /**
     * Publishes on this session (a sink's direction); see {@link MqttProtocol#publish}. The session keeps
     * unacknowledged QoS 1 and 2 publishes across reconnects, as the broker keeps the subscriptions.
     */
    public CompletableFuture<PublishOutcome> publish(OutboundMessage message) {
        return protocol.publish(message);
    }

    /** What the broker announced on the latest connection (the protocol's limits before the first). */
    public ServerLimits serverLimits() {
        return limits;
    }

    public boolean isConnected() {
        return connected;
    }

    public String clientId() {
        return options.clientId();
    }

    /**
     * Disconnects but keeps the broker-side session: what was delivered and not acknowledged is
     * delivered again to the next connection with this client id.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            protocol.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("MQTT client {} disconnect: {}", options.clientId(), e.toString());
        } finally {
            inbound.shutdownNow();
            connected = false;
        }
    }

    private void watch(CompletableFuture<?> connect) {
        connect.whenComplete((ack, error) -> {
            if (error != null && protocol.refusedForGood(error)) {
                refused(error);
            }
        });
    }

    /** Credentials or client id refused: retrying cannot help, so the task fails (once) saying what to fix. */
    private void refused(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (refused.compareAndSet(false, true)) {
            listener.onFatal("The broker at " + settings.uri() + " refused the connection of client "
                    + options.clientId() + ": " + cause.getMessage()
                    + " (check mqtt.username, mqtt.password and the broker's ACLs)", cause);
        }
    }

    private void connected(MqttClientConnectedContext context) {
        boolean sessionPresent = protocol.sessionPresent(context);
        limits = protocol.limits(context);
        long n = connection.incrementAndGet();
        connected = true;
        log.info("MQTT client {} connected to {} (connection {}, session {})", options.clientId(), settings, n,
                sessionPresent ? "resumed" : "new");
        listener.onConnected(n, sessionPresent);
        // Later reconnects are resubscribed by the client itself (see disconnected). A publishing session has none.
        if (!options.subscriptions().isEmpty() && !subscribed.getAndSet(true)) {
            subscribe();
        }
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        connected = false;
        if (closed.get()) {
            return;
        }
        if (protocol.refusedForGood(context.getCause())) {
            // No reconnect: the same credentials would be refused again, on every attempt, forever.
            refused(context.getCause());
            return;
        }
        int attempt = context.getReconnector().getAttempts();
        long delay = backoff.delayMs(attempt);
        // Subscribe again even when the broker says it kept the session: some brokers restore
        // sessions from disk without their shared subscriptions (Mosquitto 2.0 does), and a
        // repeated SUBSCRIBE is harmless.
        context.getReconnector().reconnect(true).resubscribeIfSessionExpired(true).resubscribeIfSessionPresent(true)
                .delay(delay, TimeUnit.MILLISECONDS);
        listener.onDisconnected(context.getCause(), attempt, delay);
    }

    private void subscribe() {
        List<Subscription> subs = options.subscriptions();
        protocol.subscribe(subs).whenComplete((refusals, error) -> {
            if (error != null) {
                // The connection dropped before the SUBACK: subscribe again on the next connection.
                log.warn("MQTT client {} could not subscribe yet: {}", options.clientId(),
                        MqttProtocol.cause(error).toString());
                subscribed.set(false);
                return;
            }
            if (!refusals.isEmpty()) {
                MqttProtocol.Refusal first = refusals.get(0);
                listener.onFatal("The broker refused the subscription to '" + first.filter() + "': " + first.reason()
                        + " (check mqtt.topics, the broker's ACLs, and for $share/ filters whether it supports shared "
                        + "subscriptions; mqtt.shared.subscription.enabled=false splits filters instead)", null);
                return;
            }
            log.info("MQTT client {} subscribed to {}", options.clientId(), describe(subs));
        });
    }

    private static String describe(List<Subscription> subs) {
        List<String> out = new ArrayList<>();
        for (Subscription s : subs) {
            out.add(s.filter() + " (QoS " + s.qos() + ")");
        }
        return String.join(", ", out);
    }

    /**
     * Deliveries run on one thread of ours, never on the client's event loop, so a full buffer can
     * hold them without stalling keep-alives. After close they are dropped: the broker re-sends
     * whatever was not acknowledged.
     */
    private void runInbound(Runnable delivery) {
        if (closed.get()) {
            return;
        }
        // The connection a message came on is read here, as the client hands it over, not when our thread gets to
        // it: a message of a lost connection still queued here after a reconnect must count as that connection's,
        // so that its copy, which the broker sends again, is the only one written.
        long arrivedOn = connection.get();
        try {
            inbound.execute(() -> {
                deliveryConnection = arrivedOn;
                delivery.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void deliver(InboundMessage message) {
        try {
            if (message.qos() > 0 && message.connection() < connection.get()) {
                // Came on a lost connection and was still queued: the broker sends it again, and the client lets
                // go of this copy once acknowledged (no acknowledgement of a lost connection reaches the broker).
                message.acknowledge().run();
                return;
            }
            listener.onMessage(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stamps a received PUBLISH with the connection it came on and its delivery id. */
    private InboundMessage inbound(MqttProtocol.Received r) {
        long conn = deliveryConnection;
        return new InboundMessage(r.topic(), r.payload(), r.qos(), r.retain(), r.contentType(), r.messageExpirySeconds(), r.responseTopic(),
                r.correlationData(), r.userProperties(), System.currentTimeMillis(), conn, id(conn), r.acknowledge());
    }

    private String id(long conn) {
        return options.clientId() + ":" + conn + ":" + sequence.incrementAndGet();
    }

    private MqttClientSslConfig sslConfig() throws Exception {
        MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder();
        TrustManagerFactory trust = settings.tls().trustManagers();
        if (trust != null) {
            ssl = ssl.trustManagerFactory(trust);
        }
        KeyManagerFactory keys = settings.tls().keyManagers();
        if (keys != null) {
            ssl = ssl.keyManagerFactory(keys);
        }
        if (!settings.tls().hostnameVerification()) {
            ssl = ssl.hostnameVerifier((host, session) -> true);
        }
        return ssl.build();
    }
}
