package dev.brook.operator;

import dev.brook.contract.DnsCaching;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The operator's entry point: Brook's DNS cache times ({@link DnsCaching}) must be set before Quarkus,
 * the Kubernetes client or a Kafka Admin client resolves the first name, so brokers that come back at a
 * new address after a restart are found within seconds. (Tests start Quarkus without this main; there the
 * JVM's defaults apply.)
 */
@QuarkusMain
@ApplicationScoped
public class BrookOperator {
    private static volatile String dnsCaching = "DNS cache times: the JVM's defaults (started without BrookOperator.main)";

    public static void main(String... args) {
        dnsCaching = DnsCaching.apply();
        Quarkus.run(args);
    }

    void logSettings(@Observes StartupEvent started) {
        Logger.getLogger(BrookOperator.class).info(dnsCaching);
    }
}
