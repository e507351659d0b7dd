package io.tributary.connect.mqtt.client;

/**
 * One topic filter to subscribe to, as the broker sees it (a shared one starts with {@code $share/}).
 *
 * @param skipRetained ask the broker not to send retained messages (MQTT 5 retain handling)
 */
public record Subscription(String filter, int qos, boolean skipRetained) {
}
