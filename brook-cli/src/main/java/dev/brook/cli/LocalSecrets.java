package dev.brook.cli;

import dev.brook.model.UserCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * brook local's Secret store: {@code <root>/<secret>/<file>}, one directory per Secret and one file per key, where the
 * operator would keep the cluster's TLS Secrets in Kubernetes. It outlives {@code down}/{@code up} (the CAs and
 * certificates are issued once and then only renewed, as {@code ClusterCertificates} plans it), and the supervisor
 * hands it to {@code StatefulSetPods} as the Secrets the pods mount ({@link #secret}).
 *
 * <p>Files that hold a private key are readable by their owner only; the others (CA certificate bundles) by everyone,
 * so clients on this machine can trust them. A CA the user brings ({@code spec.security.clusterCa.secretName}) goes
 * into {@code <root>/<that name>/ca.crt} and {@code ca.key}, as it would go into that Secret.
 */
public final class LocalSecrets {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path root;
    /** Files (by name) that hold a secret whatever their content, e.g. a password; PEM private keys always do. */
    private final Predicate<String> secretFile;

    public LocalSecrets(Path root) {
        this(root, name -> false);
    }

    private LocalSecrets(Path root, Predicate<String> secretFile) {
        this.root = root.toAbsolutePath().normalize();
        this.secretFile = secretFile;
    }

    /**
     * The store of users' Secrets ({@code <root>/<User name>/<file>}, the files {@code UserCredentials} plans): every file
     * but the certificates and bootstrap addresses holds a key, a password or a configuration that contains one, so is
     * readable by its owner only.
     */
    public static LocalSecrets forUsers(Path root) {
        return new LocalSecrets(root, name -> !(name.equals(UserCredentials.CA_CERT) || name.equals(UserCredentials.USER_CERT)
                || name.startsWith(UserCredentials.BOOTSTRAP_PREFIX)));
    }

    public Path root() {
        return root;
    }

    /** Where {@code file} of Secret {@code secret} lives (whether or not it exists). */
    public Path file(String secret, String file) {
        return root.resolve(secret).resolve(file);
    }

    /** Every Secret's files (name to file to bytes), as {@code ClusterCertificates.plan} takes the current Secrets. */
    public Map<String, Map<String, byte[]>> read() {
        Map<String, Map<String, byte[]>> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                out.put(dir.getFileName().toString(), files(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return out;
    }

    /** The files of Secret {@code name} (file to bytes), empty when there is no such Secret. */
    public Map<String, byte[]> files(String name) {
        Path dir = root.resolve(name).normalize();
        return dir.getParent().equals(root) && Files.isDirectory(dir) ? files(dir) : Map.of();
    }

    /**
     * Makes the named Secrets hold exactly these files, as an update of those Secrets would: a file is written only when
     * it is new or its bytes differ, a file the Secret no longer has is removed; other Secrets are left alone. Returns
     * the files written or removed (empty when everything was already so: nothing is touched).
     */
    public List<Path> write(SortedMap<String, Map<String, byte[]>> secrets) {
        List<Path> touched = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, byte[]>> secret : secrets.entrySet()) {
                Path dir = Files.createDirectories(root.resolve(secret.getKey()));
                Map<String, byte[]> before = files(dir);
                for (Map.Entry<String, byte[]> file : secret.getValue().entrySet()) {
                    if (!Arrays.equals(before.get(file.getKey()), file.getValue())) {
                        touched.add(writeAtomically(dir, file.getKey(), file.getValue(), secretFile.test(file.getKey())));
                    }
                }
                for (String stale : before.keySet()) {
                    if (!secret.getValue().containsKey(stale)) {
                        Files.delete(dir.resolve(stale));
                        touched.add(dir.resolve(stale));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Secrets under " + root, e);
        }
        return touched;
    }

    /** The Secret {@code name} as a pod's Secret volume would see it, or null when there is none. */
    public Secret secret(String name) {
        if (name == null || !Files.isDirectory(root.resolve(name))) {
            return null;
        }
        Path dir = root.resolve(name);
        Map<String, String> data = new TreeMap<>();
        files(dir).forEach((file, bytes) -> data.put(file, Base64.getEncoder().encodeToString(bytes)));
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque").withData(data).build();
    }

    /** The regular files of a Secret's directory; names starting with a dot are writes in progress, not keys. */
    private static Map<String, byte[]> files(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.put(name, Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return out;
    }

    /** Readers (a pod starting, a client) see the old file or the new one, never half of it; a key is never readable by others, not even briefly. */
    private static Path writeAtomically(Path dir, String name, byte[] content, boolean secret) throws IOException {
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        try {
            Files.setPosixFilePermissions(tmp, secret || holdsPrivateKey(content) ? OWNER_ONLY : READABLE);
        } catch (UnsupportedOperationException notPosix) {
            // keep the file system's default permissions
        }
        Files.write(tmp, content);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** PEM private keys ({@code -----BEGIN PRIVATE KEY-----}, {@code EC PRIVATE KEY}, ...): a CA key or a key store. */
    private static boolean holdsPrivateKey(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
    }
}
