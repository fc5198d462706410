package dev.brook.agent.rack;

import com.sun.net.httpserver.HttpServer;
import dev.brook.agent.AgentFailure;
import dev.brook.contract.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code brook-agent rack} against an HTTP endpoint that answers GET /api/v1/nodes/{name} like the API server. */
class RackLabelTest {
    private HttpServer api;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void startApi() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/nodes/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String name = exchange.getRequestURI().getPath().substring("/api/v1/nodes/".length());
            byte[] body;
            int code;
            if (name.equals("node-a")) {
                code = 200;
                body = "{\"kind\":\"Node\",\"metadata\":{\"name\":\"node-a\",\"labels\":{\"topology.kubernetes.io/zone\":\"eu-west-1b\"}}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (name.equals("forbidden")) {
                code = 403;
                body = "{\"kind\":\"Status\",\"code\":403}".getBytes(StandardCharsets.UTF_8);
            } else {
                code = 200;
                body = ("{\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{}}}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    private Map<String, String> env(String node, Path rackFile) {
        return Map.of("BROOK_NODE_NAME", node, "BROOK_RACK_TOPOLOGY_KEY", "topology.kubernetes.io/zone",
                "BROOK_RACK_FILE", rackFile.toString(),
                "BROOK_KUBERNETES_API_URL", "http://127.0.0.1:" + api.getAddress().getPort());
    }

    @Test
    void writesTheNodesLabelWithTheServiceAccountToken(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("sa"));
        Files.writeString(secrets.resolve("token"), "t0ken\n");
        Path rackFile = dir.resolve("rack/rack");
        String line = RackLabel.write(env("node-a", rackFile), secrets);
        assertThat(Files.readString(rackFile)).isEqualTo("eu-west-1b\n");
        assertThat(line).contains("rack eu-west-1b").contains("node-a");
        assertThat(authorization.get()).isEqualTo("Bearer t0ken");
    }

    @Test
    void missingLabelAndMissingPermissionAreOneLineFailures(@TempDir Path dir) {
        assertThatThrownBy(() -> RackLabel.write(env("node-b", dir.resolve("rack")), dir))
                .isInstanceOfSatisfying(AgentFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("node node-b has no label topology.kubernetes.io/zone");
        assertThatThrownBy(() -> RackLabel.write(env("forbidden", dir.resolve("rack")), dir))
                .isInstanceOfSatisfying(AgentFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.STARTUP_FAILED))
                .hasMessageContaining("403").hasMessageContaining("get on nodes");
        assertThat(Files.exists(dir.resolve("rack"))).isFalse();
        assertThatThrownBy(() -> RackLabel.write(Map.of("BROOK_RACK_TOPOLOGY_KEY", "k"), dir)).hasMessageContaining("BROOK_NODE_NAME");
    }
}
