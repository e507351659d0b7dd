package io.tributary.connect.common.tls;

import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Path;

/**
 * The TLS keys of one kind of connection (trust store, key store, hostname verification), defined once
 * and placed under a prefix such as {@code mqtt.ssl.} or {@code http.ssl.}, so every connector names and
 * documents them alike.
 */
public final class TlsConfig {
    private final String prefix;

    /** {@code prefix} ends with a dot, as {@code mqtt.ssl.}. */
    public TlsConfig(String prefix) {
        this.prefix = prefix;
    }

    public String truststoreLocation() {
        return prefix + "truststore.location";
    }

    public String truststoreType() {
        return prefix + "truststore.type";
    }

    public String truststorePassword() {
        return prefix + "truststore.password";
    }

    public String keystoreLocation() {
        return prefix + "keystore.location";
    }

    public String keystoreType() {
        return prefix + "keystore.type";
    }

    public String keystorePassword() {
        return prefix + "keystore.password";
    }

    public String keyPassword() {
        return prefix + "key.password";
    }

    public String hostnameVerification() {
        return prefix + "hostname.verification";
    }

    /**
     * Defines the keys in a "TLS" group. {@code peer} names the other side ("broker", "endpoint");
     * {@code addressKey} is the key whose host the certificate must name; {@code schemes} says which
     * addresses use TLS.
     */
    public ConfigDefBuilder define(ConfigDefBuilder b, String peer, String addressKey, String schemes) {
        return b.group("TLS")
                .define(truststoreLocation(), Type.STRING, null, Validators.readableFile(), Importance.MEDIUM,
                        "Certificates to trust for " + schemes + " (JKS, PKCS12 or a PEM file of CA certificates), "
                                + "for this connector only. Empty: the JVM's default trust store.", "Trust store")
                .defineChoice(truststoreType(), TlsMaterial.StoreType.PKCS12, Importance.LOW,
                        "Format of the trust store: JKS, PKCS12 or PEM.", "Trust store type")
                .define(truststorePassword(), Type.PASSWORD, null, null, Importance.LOW,
                        "Trust store password (JKS, PKCS12).", "Trust store password")
                .define(keystoreLocation(), Type.STRING, null, Validators.readableFile(), Importance.LOW,
                        "Client certificate and key, for a " + peer + " that requires them (mutual TLS): JKS, "
                                + "PKCS12, or PEM with an unencrypted PKCS#8 key and its certificate chain.", "Key store")
                .defineChoice(keystoreType(), TlsMaterial.StoreType.PKCS12, Importance.LOW,
                        "Format of the key store: JKS, PKCS12 or PEM.", "Key store type")
                .define(keystorePassword(), Type.PASSWORD, null, null, Importance.LOW, "Key store password.",
                        "Key store password")
                .define(keyPassword(), Type.PASSWORD, null, null, Importance.LOW,
                        "Password of the key inside the key store, when it differs from the store's.", "Key password")
                .define(hostnameVerification(), Type.BOOLEAN, true, null, Importance.LOW,
                        "Check that the " + peer + "'s certificate names the host in " + addressKey + ". Turn off "
                                + "only for test " + peer + "s with certificates that name another host; it applies "
                                + "to this connector alone, not the whole JVM.", "Hostname verification");
    }

    /** The TLS settings of a parsed config. */
    public TlsSettings settings(AbstractConfig c) {
        return new TlsSettings(
                store(c.getString(truststoreLocation()), ConfigChoices.parse(TlsMaterial.StoreType.class,
                        truststoreType(), c.getString(truststoreType())), c.getPassword(truststorePassword()), null),
                store(c.getString(keystoreLocation()), ConfigChoices.parse(TlsMaterial.StoreType.class,
                        keystoreType(), c.getString(keystoreType())), c.getPassword(keystorePassword()),
                        c.getPassword(keyPassword())),
                c.getBoolean(hostnameVerification()));
    }

    /**
     * Opens the configured stores once, so that a wrong password or format is reported at validate against
     * the key to change; null when both open.
     */
    public Problem problem(TlsSettings settings) {
        if (settings.trustStore() != null) {
            try {
                settings.trustManagers();
            } catch (Exception e) {
                return new Problem(truststoreLocation(), "trust store " + settings.trustStore() + " cannot be read: "
                        + e.getMessage() + "; check its type (" + truststoreType() + ") and password ("
                        + truststorePassword() + ")");
            }
        }
        if (settings.keyStore() != null) {
            try {
                settings.keyManagers();
            } catch (Exception e) {
                return new Problem(keystoreLocation(), "key store " + settings.keyStore() + " cannot be read: "
                        + e.getMessage() + "; check its type (" + keystoreType() + ") and passwords ("
                        + keystorePassword() + ", " + keyPassword() + ")");
            }
        }
        return null;
    }

    /** What is wrong with the TLS material, and the key to change. */
    public record Problem(String key, String message) {
    }

    private static TlsSettings.Store store(String location, TlsMaterial.StoreType type, Password password,
                                           Password keyPassword) {
        if (location == null || location.isBlank()) {
            return null;
        }
        return new TlsSettings.Store(Path.of(location.trim()), type, password, keyPassword);
    }
}
