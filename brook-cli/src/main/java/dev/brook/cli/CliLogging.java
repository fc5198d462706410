package dev.brook.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps library INFO lines (the Kafka Admin client's configs, the runtime's per-pod lines, which the CLI
 * prints in its own words) out of the CLI's output; warnings still show. Loggers are held so the levels stick.
 */
final class CliLogging {
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");
    private static final Logger RUNTIME = Logger.getLogger("dev.brook.local");

    private CliLogging() {
    }

    static void quiet() {
        KAFKA.setLevel(Level.WARNING);
        RUNTIME.setLevel(Level.WARNING);
    }
}
