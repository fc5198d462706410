package dev.brook.api.v1alpha1;

/** Key algorithm of a CA and the certificates it signs. */
public enum KeyAlgorithmType {
    EC_P256, RSA_2048, RSA_3072, RSA_4096
}
