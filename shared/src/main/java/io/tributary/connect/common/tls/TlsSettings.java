package io.tributary.connect.common.tls;

import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** A connection's TLS material and whether the peer's host name is checked; stores are null when not set. */
public record TlsSettings(Store trustStore, Store keyStore, boolean hostnameVerification) {
    /** No stores of our own (the JVM's trust), host names checked. */
    public static final TlsSettings DEFAULTS = new TlsSettings(null, null, true);

    /** A trust or key store on the worker's disk. */
    public record Store(Path location, TlsMaterial.StoreType type, Password password, Password keyPassword) {
        char[] passwordChars() {
            return chars(password);
        }

        char[] keyPasswordChars() {
            return chars(keyPassword);
        }

        private static char[] chars(Password p) {
            return p == null || p.value() == null ? null : p.value().toCharArray();
        }

        @Override
        public String toString() {
            // Never the passwords.
            return type + " " + location;
        }
    }

    /** The configured trust, or null for the JVM's default. */
    public TrustManagerFactory trustManagers() throws IOException, GeneralSecurityException {
        return trustStore == null ? null
                : TlsMaterial.trustManagers(trustStore.location(), trustStore.type(), trustStore.passwordChars());
    }

    /** The client's key and certificate, or null when none is configured. */
    public KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
        return keyStore == null ? null : TlsMaterial.keyManagers(keyStore.location(), keyStore.type(),
                keyStore.passwordChars(), keyStore.keyPasswordChars());
    }

    /** A TLS context of this connection's own; the JVM-wide default is never changed. */
    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = trustManagers();
        KeyManagerFactory keys = keyManagers();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }
}
