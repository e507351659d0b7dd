package io.tributary.connect.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated sensors: each publishes JSON readings (temperature, humidity, battery, a timestamp)
 * at QoS 1 to {@code sensors/<site>/<sensor>}, values drifting like real ones. MQTT 3.1.1, which
 * every broker speaks; reconnects on its own when the broker goes away.
 */
final class SensorSimulator implements AutoCloseable {
    static final String TOPIC_FILTER = "sensors/#";
    private static final String[] SITES = {"lyon", "porto", "gdansk", "tampere"};
    private static final int TICKS_PER_SECOND = 10;

    private final Mqtt3AsyncClient client;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sensor-simulator");
        t.setDaemon(true);
        return t;
    });
    private final int sensors;
    private final int perSecond;
    private final double[] temperature;
    private final double[] humidity;
    private final double[] battery;
    private final Random random = new Random();
    private final AtomicLong published = new AtomicLong();
    private long carry;
    private int next;

    SensorSimulator(String brokerUri, int sensors, int perSecond) {
        URI uri = URI.create(brokerUri);
        this.client = MqttClient.builder().useMqttVersion3()
                .identifier("tributary-demo-sensors")
                .serverHost(uri.getHost()).serverPort(uri.getPort() < 0 ? 1883 : uri.getPort())
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        this.sensors = sensors;
        this.perSecond = perSecond;
        this.temperature = new double[sensors];
        this.humidity = new double[sensors];
        this.battery = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            temperature[i] = 18 + random.nextDouble() * 6;
            humidity[i] = 35 + random.nextDouble() * 20;
            battery[i] = 0.8 + random.nextDouble() * 0.2;
        }
    }

    void start() {
        client.connectWith().cleanSession(true).send();
        ticker.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    long published() {
        return published.get();
    }

    private void tick() {
        if (!client.getState().isConnected()) {
            return;
        }
        carry += perSecond;
        int due = (int) (carry / TICKS_PER_SECOND);
        carry %= TICKS_PER_SECOND;
        for (int i = 0; i < due; i++) {
            int s = next++ % sensors;
            temperature[s] += (random.nextDouble() - 0.5) * 0.2;
            humidity[s] = Math.max(5, Math.min(95, humidity[s] + (random.nextDouble() - 0.5) * 0.5));
            battery[s] = Math.max(0.05, battery[s] - 0.00002);
            String sensor = String.format(Locale.ROOT, "sensor-%02d", s + 1);
            String site = SITES[s % SITES.length];
            String json = String.format(Locale.ROOT,
                    "{\"sensor\":\"%s\",\"site\":\"%s\",\"temperature\":%.2f,\"humidity\":%.1f,\"battery\":%.3f,\"ts\":%d}",
                    sensor, site, temperature[s], humidity[s], battery[s], System.currentTimeMillis());
            client.publishWith().topic("sensors/" + site + "/" + sensor).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(json.getBytes(StandardCharsets.UTF_8)).send()
                    .thenRun(published::incrementAndGet);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the broker is already gone
        }
    }
}
