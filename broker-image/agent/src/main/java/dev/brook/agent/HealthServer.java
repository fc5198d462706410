package dev.brook.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brook.contract.PodEndpoints;
import dev.brook.contract.StatusFields;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Liveness, readiness and status over HTTP on the pod's bind address (JDK HTTP server, no dependencies). */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving. {@code health} may return null while the node is not constructed yet: then the
     * pod is live (starting) and not ready.
     */
    public static HealthServer start(String role, String podName, String bindAddress, int port, Supplier<NodeHealth> health)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "brook-health");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(PodEndpoints.LIVENESS, exchange -> {
            NodeHealth node = health.get();
            boolean live = node == null || node.live();
            respond(exchange, live ? 200 : 503, live ? "live\n" : "failed\n", "text/plain");
        });
        server.createContext(PodEndpoints.READINESS, exchange -> {
            NodeHealth node = health.get();
            boolean ready = node != null && node.ready();
            respond(exchange, ready ? 200 : 503, ready ? "ready\n" : "not ready\n", "text/plain");
        });
        server.createContext(PodEndpoints.STATUS, exchange -> {
            NodeHealth node = health.get();
            Map<String, Object> status = new LinkedHashMap<>();
            status.put(StatusFields.ROLE, role);
            status.put(StatusFields.POD, podName);
            status.put(StatusFields.LIVE, node == null || node.live());
            status.put(StatusFields.READY, node != null && node.ready());
            if (node != null) {
                status.putAll(node.status());
            }
            respond(exchange, 200, StatusJson.render(status) + "\n", "application/json");
        });
        server.start();
        return new HealthServer(server);
    }

    private static void respond(HttpExchange exchange, int code, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
