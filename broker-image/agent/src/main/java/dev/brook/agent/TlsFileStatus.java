package dev.brook.agent;

import dev.brook.contract.ExitCode;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.StatusFields;
import dev.brook.contract.TlsFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's TLS files ({@link TlsFiles} in {@link PodEnvironment#TLS_DIR}) as the agent sees them: a start check that
 * the files the inputs need are there and readable, and the {@code /status} TLS fields, read fresh on every call
 * (Kubernetes updates a mounted Secret late, so only the files tell what the pod really sees). JDK only.
 */
public final class TlsFileStatus {
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PKCS8_KEY = "PRIVATE KEY";

    private TlsFileStatus() {
    }

    /**
     * Refuses to start when a file the inputs need is missing or holds no usable PEM: key stores need one unencrypted
     * PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}) and a certificate, bundles a certificate.
     *
     * @param inputsFile the inputs file that asks for TLS (named in the refusal)
     * @throws AgentFailure {@link ExitCode#INVALID_INPUT}, one line naming the first bad file
     */
    public static void requireFiles(Path tlsDir, Collection<String> fileNames, String inputsFile) {
        for (String name : fileNames) {
            Path file = tlsDir.resolve(name);
            String problem = problemOf(file, isBundle(name));
            if (problem != null) {
                throw new AgentFailure(ExitCode.INVALID_INPUT, "TLS file " + file + " " + problem + " (" + inputsFile
                        + " asks for TLS; the operator mounts the cluster's TLS Secret at " + PodEnvironment.TLS_DIR + "=" + tlsDir + ")");
            }
        }
    }

    private static boolean isBundle(String name) {
        return name.equals(TlsFiles.CLUSTER_CA_BUNDLE) || name.equals(TlsFiles.CLIENTS_CA_BUNDLE);
    }

    private static String problemOf(Path file, boolean bundle) {
        if (!Files.isRegularFile(file)) {
            return "is missing";
        }
        List<PemBlock> blocks;
        try {
            blocks = blocks(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return "cannot be read: " + e.getMessage();
        }
        try {
            if (certificates(blocks).isEmpty()) {
                return "holds no certificate";
            }
        } catch (CertificateException e) {
            return "holds a certificate that cannot be parsed: " + e.getMessage();
        }
        if (!bundle) {
            long keys = blocks.stream().filter(b -> b.type.equals(PKCS8_KEY)).count();
            if (keys != 1) {
                return "holds " + keys + " unencrypted PKCS#8 private keys (-----BEGIN PRIVATE KEY-----), expected 1";
            }
        }
        return null;
    }

    /**
     * The TLS status fields for {@code podName}: {@link StatusFields#TLS_CERTIFICATE} and {@link StatusFields#TLS_NOT_AFTER}
     * of the first certificate of its key store, {@link StatusFields#TLS_ISSUER_KEY} of the CA in the cluster CA bundle
     * whose key verifies that certificate's signature (empty when none does or there is no bundle), and
     * {@link StatusFields#TLS_TRUSTED}, every certificate of the bundle. On a read or parse failure the fields are empty
     * and {@link StatusFields#TLS_ERROR} says why. Never throws.
     */
    public static Map<String, Object> read(Path tlsDir, String podName) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(StatusFields.TLS_CERTIFICATE, "");
        status.put(StatusFields.TLS_NOT_AFTER, "");
        status.put(StatusFields.TLS_ISSUER_KEY, "");
        status.put(StatusFields.TLS_TRUSTED, "");
        Path keyStore = tlsDir.resolve(TlsFiles.podKeyStore(podName));
        Path bundle = tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE);
        try {
            List<X509Certificate> chain = certificatesIn(keyStore);
            if (chain.isEmpty()) {
                throw new CertificateException("no certificate in " + keyStore);
            }
            List<X509Certificate> cas = Files.exists(bundle) ? certificatesIn(bundle) : List.of();
            X509Certificate leaf = chain.get(0);
            status.put(StatusFields.TLS_CERTIFICATE, sha256(leaf.getEncoded()));
            status.put(StatusFields.TLS_NOT_AFTER, leaf.getNotAfter().toInstant().toString());
            status.put(StatusFields.TLS_ISSUER_KEY, cas.stream().filter(ca -> signed(ca, leaf))
                    .map(ca -> sha256(ca.getPublicKey().getEncoded())).findFirst().orElse(""));
            status.put(StatusFields.TLS_TRUSTED, fingerprints(cas));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            status.replaceAll((k, v) -> "");
            status.put(StatusFields.TLS_ERROR, (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' '));
        }
        return status;
    }

    private static boolean signed(X509Certificate ca, X509Certificate leaf) {
        if (!ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return false;
        }
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private record PemBlock(String type, byte[] der) {
    }

    private static List<PemBlock> blocks(String text) {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return blocks;
    }

    private static List<X509Certificate> certificates(List<PemBlock> blocks) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.type.equals(CERTIFICATE)) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            }
        }
        return out;
    }

    /** The fingerprints of {@code certificates}, sorted and comma-separated, as {@link StatusFields#TLS_TRUSTED} lists them. */
    public static String fingerprints(List<X509Certificate> certificates) {
        List<String> out = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            try {
                out.add(sha256(certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate has an encoding", e);
            }
        }
        return String.join(",", out.stream().sorted().distinct().toList());
    }

    /** {@link #fingerprints} of the cluster CA bundle the pod sees now; empty when it cannot be read. */
    public static String trustedNow(Path tlsDir) {
        try {
            return fingerprints(certificatesIn(tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** SHA-256 (hex) of the first certificate in the pod's key store file now; empty when it cannot be read. */
    public static String podCertificate(Path tlsDir, String podName) {
        try {
            List<X509Certificate> chain = certificatesIn(tlsDir.resolve(TlsFiles.podKeyStore(podName)));
            return chain.isEmpty() ? "" : sha256(chain.get(0).getEncoded());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** The expiry (ISO-8601) of the first certificate in the pod's key store file now; empty when it cannot be read. */
    public static String podCertificateNotAfter(Path tlsDir, String podName) {
        try {
            List<X509Certificate> chain = certificatesIn(tlsDir.resolve(TlsFiles.podKeyStore(podName)));
            return chain.isEmpty() ? "" : chain.get(0).getNotAfter().toInstant().toString();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "";
        }
    }

    /** The certificates of a PEM file, in file order. */
    public static List<X509Certificate> certificatesIn(Path file) throws IOException, CertificateException {
        return certificates(blocks(Files.readString(file, StandardCharsets.US_ASCII)));
    }

    /** The unencrypted PKCS#8 private key of a PEM key store (EC or RSA, as Brook issues them). */
    public static java.security.PrivateKey privateKeyIn(Path file) throws IOException, GeneralSecurityException {
        for (PemBlock block : blocks(Files.readString(file, StandardCharsets.US_ASCII))) {
            if (block.type.equals(PKCS8_KEY)) {
                java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(block.der);
                try {
                    return java.security.KeyFactory.getInstance("EC").generatePrivate(spec);
                } catch (java.security.spec.InvalidKeySpecException notEc) {
                    return java.security.KeyFactory.getInstance("RSA").generatePrivate(spec);
                }
            }
        }
        throw new GeneralSecurityException("no unencrypted PKCS#8 private key in " + file);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
