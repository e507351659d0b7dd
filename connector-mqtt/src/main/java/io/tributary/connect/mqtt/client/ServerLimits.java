package io.tributary.connect.mqtt.client;

/**
 * What the broker announced on connect about what it takes from this client (MQTT 5 CONNACK properties): how
 * many QoS 1/2 publishes may be unacknowledged at once, the largest packet, the highest QoS, whether it keeps
 * retained messages. An MQTT 3.1.1 broker announces none, so the protocol's own limits stand.
 */
public record ServerLimits(int receiveMaximum, int maximumPacketSize, int maximumQos, boolean retainAvailable) {
    /** The protocol's limits: what holds until a broker says otherwise. */
    public static final ServerLimits PROTOCOL = new ServerLimits(65_535, 268_435_460, 2, true);
}
