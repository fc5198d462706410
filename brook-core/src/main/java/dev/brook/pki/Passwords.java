package dev.brook.pki;

import java.security.SecureRandom;

/** Random passwords for PKCS#12 stores. */
public final class Passwords {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Default length: 32 characters of 62 symbols, about 190 bits. */
    public static final int DEFAULT_LENGTH = 32;

    private Passwords() {
    }

    /** {@code length} letters and digits from {@link SecureRandom}: safe in properties files, env vars and shells. */
    public static String generate(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("A password needs at least one character, not " + length);
        }
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return password.toString();
    }
}
