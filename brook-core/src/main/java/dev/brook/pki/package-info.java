/**
 * Brook's certificates: a cluster CA and a clients CA that renew themselves, leaf certificates for
 * brokers, ZooKeeper nodes and users, and the files Kafka and ZooKeeper read.
 *
 * <p>Everything here is pure: no Kubernetes, no I/O, and no clock. Time is always passed in (an
 * {@link java.time.Instant} "now" or a {@link Validity}); a test in this module fails the build if a class
 * of this package calls {@code Instant.now()}, {@code System.currentTimeMillis()} or the like.
 * Randomness (keys, serial numbers, passwords) comes from {@link java.security.SecureRandom}.
 *
 * <p>What to call:
 * <ul>
 *   <li>{@link dev.brook.pki.CertificateAuthority} creates, renews (same key) and loads a CA;
 *       {@link dev.brook.pki.Leaf#issue} issues a certificate with a fresh key from a {@link dev.brook.pki.LeafRequest}.</li>
 *   <li>{@link dev.brook.pki.Pem} and {@link dev.brook.pki.Pkcs12} write what pods and clients read.</li>
 *   <li>{@link dev.brook.pki.CertificateInfo} reads the facts of a certificate back.</li>
 *   <li>{@link dev.brook.pki.CertificateCheck} decides keep / issue / renew / reissue for one certificate;
 *       {@link dev.brook.pki.CaPlan} decides the next step of a CA's life (renewal, key replacement in phases,
 *       recovery from an expired CA). Both are pure: the state lives in the cluster and is passed in, so planning
 *       twice on the same state gives the same answer and never a second new key.</li>
 * </ul>
 *
 * <p>Formats Kafka 3.9 and ZooKeeper 3.8 read (checked in their sources and by tests here that call their own readers):
 * unencrypted PKCS#8 keys ({@code -----BEGIN PRIVATE KEY-----}) and X.509 certificates in one PEM file for a
 * key store ({@code ssl.keystore.type=PEM}; ZooKeeper {@code ssl.keyStore.type=PEM}), and a PEM bundle of CA
 * certificates for a trust store. ZooKeeper's PEM trust store names its entries by the certificate's subject, so
 * two CAs in one bundle must have different subjects ({@link dev.brook.pki.Pem#trustBundle} refuses otherwise).
 */
package dev.brook.pki;
