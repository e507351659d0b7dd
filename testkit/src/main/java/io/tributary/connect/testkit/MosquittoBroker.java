package io.tributary.connect.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker of the test's own, on a free loopback port, for tests that must stop, restart
 * or reconfigure the broker (TLS listeners, restarts mid-stream) without touching the shared one.
 * The binary comes from {@code TRIBUTARY_MOSQUITTO_BIN} (default {@code mosquitto}, or
 * {@code /usr/sbin/mosquitto}). Sessions are persisted to disk, so a restart keeps them.
 */
public final class MosquittoBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final List<String> tlsLines;
    private final List<String> brokerLines;
    private Process process;

    private MosquittoBroker(Path dir, int port, int tlsPort, List<String> tlsLines, List<String> brokerLines) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.tlsLines = tlsLines;
        this.brokerLines = brokerLines;
    }

    /** A broker with a plain listener only. */
    public static MosquittoBroker start() throws IOException {
        return start(List.of());
    }

    /**
     * A plain listener and, when {@code tlsListenerLines} is not empty, a second listener configured
     * by them (such as {@code cafile}, {@code certfile}, {@code keyfile}).
     */
    public static MosquittoBroker start(List<String> tlsListenerLines) throws IOException {
        return start(tlsListenerLines, List.of());
    }

    /** As {@link #start(List)}, with {@code brokerLines} (such as {@code max_queued_messages 0}) after the defaults. */
    public static MosquittoBroker start(List<String> tlsListenerLines, List<String> brokerLines) throws IOException {
        Path dir = Files.createTempDirectory("tributary-mosquitto");
        MosquittoBroker broker = new MosquittoBroker(dir, freePort(), tlsListenerLines.isEmpty() ? -1 : freePort(),
                List.copyOf(tlsListenerLines), List.copyOf(brokerLines));
        broker.startProcess();
        return broker;
    }

    /**
     * Listener lines that admit only {@code user} with {@code password}: a password file made with
     * {@code mosquitto_passwd} (from {@code TRIBUTARY_MOSQUITTO_PASSWD_BIN}, default beside mosquitto).
     */
    public static List<String> passwordLines(String user, String password) throws IOException, InterruptedException {
        Path file = Files.createTempDirectory("tributary-mosquitto-auth").resolve("passwords");
        String tool = System.getenv().getOrDefault("TRIBUTARY_MOSQUITTO_PASSWD_BIN",
                Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd")) ? "/usr/bin/mosquitto_passwd" : "mosquitto_passwd");
        Process p = new ProcessBuilder(tool, "-c", "-b", file.toString(), user, password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(tool + " failed: " + out);
        }
        return List.of("allow_anonymous false", "password_file " + file.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The plain listener's URI, {@code tcp://127.0.0.1:<port>}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The second listener's port (TLS, or whatever its lines make it, such as websockets), or -1. */
    public int tlsPort() {
        return tlsPort;
    }

    public Path directory() {
        return dir;
    }

    /** Stops the broker the way a service manager does (SIGTERM: it saves its sessions), then waits. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void startProcess() throws IOException {
        List<String> conf = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // Otherwise mosquitto drops to user 'mosquitto', which cannot write the temp directory.
            conf.add("user root");
        }
        // Authentication per listener: the plain one stays open for the test's publishers, the second
        // may demand passwords or client certificates.
        conf.add("per_listener_settings true");
        conf.add("persistence true");
        conf.add("persistence_location " + dir.toAbsolutePath() + "/");
        conf.add("autosave_interval 1");
        conf.add("max_queued_messages 100000");
        conf.add("log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath());
        conf.addAll(brokerLines);
        conf.add("listener " + port + " 127.0.0.1");
        conf.add("allow_anonymous true");
        if (tlsPort > 0) {
            conf.add("listener " + tlsPort + " 127.0.0.1");
            if (tlsLines.stream().noneMatch(l -> l.startsWith("allow_anonymous"))) {
                conf.add("allow_anonymous true");
            }
            conf.addAll(tlsLines);
        }
        Path file = dir.resolve("mosquitto.conf");
        Files.writeString(file, String.join("\n", conf) + "\n", StandardCharsets.UTF_8);
        process = new ProcessBuilder(binary(), "-c", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Await.until(Duration.ofSeconds(20), "mosquitto listening on port " + port + " (log: " + dir + ")", () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String binary() {
        String env = System.getenv("TRIBUTARY_MOSQUITTO_BIN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }
}
