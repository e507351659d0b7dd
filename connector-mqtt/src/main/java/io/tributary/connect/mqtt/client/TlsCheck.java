package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.tls.TlsMaterial;

/** Opens the configured trust and key stores once, so a wrong password or format fails at validate. */
public final class TlsCheck {
    private TlsCheck() {
    }

    /** Throws IllegalArgumentException starting with "trust store" or "key store" when one cannot be read. */
    public static void check(MqttConnectionSettings settings) {
        MqttConnectionSettings.Store trust = settings.trustStore();
        if (trust != null) {
            try {
                TlsMaterial.trustManagers(trust.location(), trust.type(), trust.passwordChars());
            } catch (Exception e) {
                throw new IllegalArgumentException("trust store " + trust + " cannot be read: " + e.getMessage()
                        + "; check its type (" + MqttConnectionConfig.TRUSTSTORE_TYPE + ") and password");
            }
        }
        MqttConnectionSettings.Store key = settings.keyStore();
        if (key != null) {
            try {
                TlsMaterial.keyManagers(key.location(), key.type(), key.passwordChars(), key.keyPasswordChars());
            } catch (Exception e) {
                throw new IllegalArgumentException("key store " + key + " cannot be read: " + e.getMessage()
                        + "; check its type (" + MqttConnectionConfig.KEYSTORE_TYPE + ") and passwords");
            }
        }
    }
}
