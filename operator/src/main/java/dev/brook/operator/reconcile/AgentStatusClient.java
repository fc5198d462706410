package dev.brook.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.contract.PodEndpoints;
import dev.brook.contract.PodPorts;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a pod's agent status ({@code /status} on the health port, by the pod's DNS name): whether a
 * broker is still recovering logs (never restart it then), and a ZooKeeper peer's state (leader last).
 */
@Singleton
public class AgentStatusClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Optional<JsonNode> status(String podHost) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + podHost + ":" + PodPorts.HEALTH + PodEndpoints.STATUS)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** True when the agent reports logs left to recover. */
    public boolean recovering(String podHost) {
        return status(podHost).map(s -> s.path("remainingLogsToRecover").asLong(0) > 0).orElse(false);
    }

    /** True when the ZooKeeper peer reports that it leads the ensemble. */
    public boolean leading(String podHost) {
        return status(podHost).map(s -> "LEADING".equalsIgnoreCase(s.path("peerState").asText())).orElse(false);
    }
}
