package io.tributary.connect.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA, a server certificate for localhost and 127.0.0.1 (PEM, and a PKCS12 keystore for JDK
 * servers), and a client certificate (a PKCS12 keystore, and a PEM file with its PKCS#8 key), made with
 * openssl.
 */
public final class TestCertificates {
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path serverKeystore;
    /** A server certificate of the same CA that names another host (other.example.test), for hostname checks. */
    public final Path otherHostKeystore;
    public final Path clientKeystore;
    /** The client's unencrypted PKCS#8 key followed by its certificate. */
    public final Path clientPem;
    public static final String KEYSTORE_PASSWORD = "keystore-secret";

    private TestCertificates(Path dir) {
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.serverKeystore = dir.resolve("server.p12");
        this.otherHostKeystore = dir.resolve("other-host.p12");
        this.clientKeystore = dir.resolve("client.p12");
        this.clientPem = dir.resolve("client-key-and-cert.pem");
    }

    public static TestCertificates create() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tributary-tls");
        TestCertificates c = new TestCertificates(dir);
        Path san = dir.resolve("san.cnf");
        Files.writeString(san, "subjectAltName=DNS:localhost,IP:127.0.0.1\n", StandardCharsets.US_ASCII);
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=tributary-test-ca");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", san.toString());
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                "-subj", "/CN=tributary-connector");
        run(dir, "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.pem", "-days", "2");
        run(dir, "openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-name", "client", "-passout", "pass:" + KEYSTORE_PASSWORD);
        run(dir, "openssl", "pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                "-name", "server", "-passout", "pass:" + KEYSTORE_PASSWORD);
        Files.writeString(dir.resolve("other.cnf"), "subjectAltName=DNS:other.example.test\n", StandardCharsets.US_ASCII);
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.csr",
                "-subj", "/CN=other.example.test");
        run(dir, "openssl", "x509", "-req", "-in", "other.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "other.pem", "-days", "2", "-extfile", dir.resolve("other.cnf").toString());
        run(dir, "openssl", "pkcs12", "-export", "-in", "other.pem", "-inkey", "other.key", "-out", "other-host.p12",
                "-name", "server", "-passout", "pass:" + KEYSTORE_PASSWORD);
        Files.writeString(c.clientPem, Files.readString(dir.resolve("client.key")) + Files.readString(dir.resolve("client.pem")),
                StandardCharsets.US_ASCII);
        return c;
    }

    public List<String> mosquittoListenerLines() {
        return List.of("cafile " + caCert.toAbsolutePath(), "certfile " + serverCert.toAbsolutePath(),
                "keyfile " + serverKey.toAbsolutePath());
    }

    /** A TLS listener that admits only clients presenting a certificate signed by the test CA. */
    public List<String> mosquittoClientCertificateListenerLines() {
        List<String> lines = new java.util.ArrayList<>(mosquittoListenerLines());
        lines.add("require_certificate true");
        lines.add("use_identity_as_username true");
        return lines;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
