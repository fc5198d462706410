package dev.brook.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A PKCS#12 key store or trust store as bytes, with its password: for clients that cannot read PEM (older Java
 * clients, {@code ssl.keystore.type=PKCS12}). Written by the JDK's own {@code KeyStore}, so
 * {@code KeyStore.getInstance("PKCS12")} reads it back. The key's password is the store's password (Kafka's
 * {@code ssl.key.password} may then be left unset).
 *
 * <p>The bytes differ on every call (PKCS#12 salts are random): do not compare them to decide whether something
 * changed; compare the certificates' fingerprints.
 */
public final class Pkcs12 {

    /** The alias of the key entry in a key store. */
    public static final String KEY_ALIAS = "brook";

    private final byte[] bytes;
    private final String password;

    private Pkcs12(byte[] bytes, String password) {
        this.bytes = bytes;
        this.password = password;
    }

    /** A key store holding {@code key} and its chain (leaf first), with a generated password. */
    public static Pkcs12 keyStore(PrivateKey key, List<X509Certificate> chain) {
        return keyStore(key, chain, Passwords.generate(Passwords.DEFAULT_LENGTH));
    }

    public static Pkcs12 keyStore(PrivateKey key, List<X509Certificate> chain, String password) {
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A key store needs at least the certificate of its key");
        }
        KeyStore store = empty();
        try {
            store.setKeyEntry(KEY_ALIAS, key, password.toCharArray(), chain.toArray(new Certificate[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot put the key and its chain in a PKCS#12 key store", e);
        }
        return new Pkcs12(write(store, password), password);
    }

    /** A trust store holding {@code cas} (aliases ca-0, ca-1, ...), with a generated password. */
    public static Pkcs12 trustStore(Collection<X509Certificate> cas) {
        return trustStore(cas, Passwords.generate(Passwords.DEFAULT_LENGTH));
    }

    public static Pkcs12 trustStore(Collection<X509Certificate> cas, String password) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("A trust store needs at least one CA certificate");
        }
        KeyStore store = empty();
        int index = 0;
        try {
            for (X509Certificate ca : cas) {
                store.setCertificateEntry("ca-" + index++, ca);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot put a CA certificate in a PKCS#12 trust store", e);
        }
        return new Pkcs12(write(store, password), password);
    }

    /** The store's bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String password() {
        return password;
    }

    /** The store read back with its password, as a client would. */
    public KeyStore load() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(bytes), password.toCharArray());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot read back a PKCS#12 store Brook wrote", e);
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "Pkcs12[" + bytes.length + " bytes]";
    }

    private static KeyStore empty() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("The JDK has no PKCS#12 key store", e);
        }
    }

    private static byte[] write(KeyStore store, String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("A PKCS#12 store needs a password");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write a PKCS#12 store", e);
        }
    }
}
