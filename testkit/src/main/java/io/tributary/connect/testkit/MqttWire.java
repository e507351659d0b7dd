package io.tributary.connect.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The smallest MQTT 3.1.1 client: connect, publish at QoS 1 and wait for each PUBACK, or subscribe at QoS 0 and
 * read what arrives, disconnect. One instance either publishes or subscribes.
 * For tests whose classpath must hold no MQTT library (the packaging tests); it talks to the real broker.
 */
public final class MqttWire implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int packetId;

    public MqttWire(String serverUri) throws IOException {
        URI uri = URI.create(serverUri);
        socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort());
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);          // protocol level 3.1.1
        body.write(0x02);       // clean session
        body.write(0);
        body.write(30);         // keep alive 30 s
        writeString(body, "wire-" + UUID.randomUUID().toString().substring(0, 8));
        send(0x10, body.toByteArray());
        expect(0x20, "CONNACK");
        int rest = readLength();
        byte[] ack = in.readNBytes(rest);
        if (ack.length < 2 || ack[1] != 0) {
            throw new IOException("broker refused the connection, return code " + (ack.length < 2 ? -1 : ack[1]));
        }
    }

    public void publish(String topic, String payload) throws IOException {
        int id = (++packetId & 0xFFFF) == 0 ? ++packetId : packetId & 0xFFFF;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.write(id >> 8);
        body.write(id & 0xFF);
        body.write(payload.getBytes(StandardCharsets.UTF_8));
        send(0x32, body.toByteArray()); // PUBLISH, QoS 1
        expect(0x40, "PUBACK");
        in.readNBytes(readLength());
    }

    /** Subscribes to {@code filter} at QoS 0 and waits for the SUBACK; {@link #next} then reads the messages. */
    public void subscribe(String filter) throws IOException {
        int id = (++packetId & 0xFFFF) == 0 ? ++packetId : packetId & 0xFFFF;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(id >> 8);
        body.write(id & 0xFF);
        writeString(body, filter);
        body.write(0);
        send(0x82, body.toByteArray()); // SUBSCRIBE
        expect(0x90, "SUBACK");
        in.readNBytes(readLength());
    }

    /** A received message: its topic, its payload as UTF-8 text, and whether it came retained. */
    public record Message(String topic, String payload, boolean retain) {
    }

    /** The next message that arrives within 10 seconds, or null. */
    public Message next() throws IOException {
        while (true) {
            int header;
            try {
                header = in.readUnsignedByte();
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            byte[] b = in.readNBytes(readLength());
            if ((header & 0xF0) != 0x30) {
                continue; // not a PUBLISH
            }
            int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
            int start = 2 + topicLength + (((header >> 1) & 3) > 0 ? 2 : 0);
            return new Message(new String(b, 2, topicLength, StandardCharsets.UTF_8),
                    new String(b, start, b.length - start, StandardCharsets.UTF_8), (header & 1) == 1);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send(0xE0, new byte[0]);
        } finally {
            socket.close();
        }
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int len = body.length;
        do {
            int b = len % 128;
            len /= 128;
            packet.write(len > 0 ? b | 0x80 : b);
        } while (len > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private void expect(int type, String name) throws IOException {
        int header = in.readUnsignedByte();
        if ((header & 0xF0) != type) {
            throw new IOException("expected " + name + ", got packet type " + (header >> 4));
        }
    }

    private int readLength() throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.write(b, 0, b.length);
    }
}
