package dev.brook.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A "broker" that accepts TCP connections on a free loopback port and never answers: a Kafka client
 * connects, sends its first request and waits until its own timeouts fire. Stands for a cluster that hangs
 * (a broken network path, a frozen broker). Close it to let go of the port and the accepted sockets.
 */
public final class SilentBroker implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentBroker() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept()); // held open, never read or written
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-broker-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SilentBroker open() {
        try {
            return new SilentBroker();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Connections accepted so far (a client did try). */
    public int connections() {
        return accepted.size();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
