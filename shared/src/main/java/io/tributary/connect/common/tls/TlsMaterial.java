package io.tributary.connect.common.tls;

import io.tributary.connect.common.config.ConfigChoice;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust and key managers from a JKS or PKCS12 store, or from PEM files (certificates, and an
 * unencrypted PKCS#8 private key followed or preceded by its certificate chain).
 */
public final class TlsMaterial {
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (RSA |EC )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA |EC )?PRIVATE KEY-----");

    /** The formats a trust or key store may have; their config values are the names in lower case. */
    public enum StoreType implements ConfigChoice { JKS, PKCS12, PEM }

    private TlsMaterial() {
    }

    /** Trusts the certificates in {@code location}. */
    public static TrustManagerFactory trustManagers(Path location, StoreType type, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store;
        if (type == StoreType.PEM) {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certificates(location)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate found in " + location);
            }
        } else {
            store = load(location, type, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    /** The client's own key and certificate chain, for brokers that ask for client certificates. */
    public static KeyManagerFactory keyManagers(Path location, StoreType type, char[] storePassword, char[] keyPassword)
            throws IOException, GeneralSecurityException {
        KeyStore store;
        char[] keyPass = keyPassword != null ? keyPassword : storePassword != null ? storePassword : new char[0];
        if (type == StoreType.PEM) {
            String pem = Files.readString(location, StandardCharsets.US_ASCII);
            Matcher m = PEM_KEY.matcher(pem);
            if (!m.find()) {
                throw new GeneralSecurityException("no unencrypted PKCS#8 private key found in " + location);
            }
            if (m.group(1) != null) {
                throw new GeneralSecurityException(location + " holds a PKCS#1 key; convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt'");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            PrivateKey key = privateKey(der);
            List<Certificate> chain = certificates(location);
            if (chain.isEmpty()) {
                throw new GeneralSecurityException("no certificate chain found beside the key in " + location);
            }
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, keyPass, chain.toArray(new Certificate[0]));
        } else {
            store = load(location, type, storePassword);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, keyPass);
        return kmf;
    }

    private static KeyStore load(Path location, StoreType type, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type.name());
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password);
        }
        return store;
    }

    private static List<Certificate> certificates(Path location) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        String pem = Files.readString(location, StandardCharsets.US_ASCII);
        List<Certificate> out = new ArrayList<>();
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----").matcher(pem);
        while (m.find()) {
            Collection<? extends Certificate> certs = factory.generateCertificates(
                    new java.io.ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
            out.addAll(certs);
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key (RSA, EC and Ed25519 are read)", last);
    }
}
