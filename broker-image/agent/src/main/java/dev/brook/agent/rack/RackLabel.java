package dev.brook.agent.rack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.agent.AgentFailure;
import dev.brook.contract.ExitCode;
import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPaths;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;

/**
 * {@code brook-agent rack}, the broker pod's init container: the downward API cannot expose node
 * labels, so this reads the pod's Node from the Kubernetes API with the pod's service-account token and
 * writes the value of the topology label to the rack file, which the broker container then reads as
 * {@code broker.rack}. It is the only place in the image that talks to the Kubernetes API.
 */
public final class RackLabel {
    private RackLabel() {
    }

    /** Reads the label and writes the rack file; returns the one line to print. */
    public static String write(Map<String, String> env) {
        return write(env, Path.of(PodPaths.SERVICE_ACCOUNT_DIR));
    }

    /** As {@link #write(Map)}, with the token and CA read from {@code secrets}. */
    static String write(Map<String, String> env, Path secrets) {
        String node = required(env, PodEnvironment.NODE_NAME);
        String key = required(env, PodEnvironment.RACK_TOPOLOGY_KEY);
        Path rackFile = Path.of(env.getOrDefault(PodEnvironment.RACK_FILE, PodEnvironment.DEFAULT_RACK_FILE));
        String apiUrl = env.get(PodEnvironment.KUBERNETES_API_URL);
        if (apiUrl == null || apiUrl.isBlank()) {
            String host = required(env, "KUBERNETES_SERVICE_HOST");
            apiUrl = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        }
        JsonNode nodeJson = getNode(apiUrl, node, secrets);
        JsonNode value = nodeJson.path("metadata").path("labels").path(key);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "node " + node + " has no label " + key + " (set the rack topology key to a label the nodes carry)");
        }
        String rack = value.asText().trim();
        try {
            Files.createDirectories(rackFile.toAbsolutePath().getParent());
            Path tmp = rackFile.resolveSibling(rackFile.getFileName() + ".tmp");
            Files.writeString(tmp, rack + "\n");
            Files.move(tmp, rackFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "cannot write rack file " + rackFile + ": " + e.getMessage());
        }
        return "rack " + rack + " (node " + node + " label " + key + ") written to " + rackFile;
    }

    private static JsonNode getNode(String apiUrl, String node, Path secrets) {
        try {
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            if (apiUrl.startsWith("https:")) {
                client.sslContext(trusting(secrets.resolve("ca.crt")));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/nodes/"
                    + URLEncoder.encode(node, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(20)).GET();
            Path token = secrets.resolve("token");
            if (Files.isReadable(token)) {
                request.header("Authorization", "Bearer " + Files.readString(token).trim());
            }
            HttpResponse<String> response = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AgentFailure(ExitCode.STARTUP_FAILED, "GET node " + node + " from " + apiUrl + " answered "
                        + response.statusCode() + " (the ServiceAccount needs get on nodes)");
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "cannot read node " + node + " from " + apiUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "interrupted reading node " + node);
        }
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "cannot load the API CA " + caFile + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "missing required env " + name);
        }
        return value.trim();
    }
}
