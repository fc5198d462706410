package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.DeletionPolicy;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What deleting a resource does to the Kafka-side object it manages (a topic, a user), the same for every kind: only
 * an explicit {@link DeletionPolicy#Delete} removes it; a resource that never managed one, or whose Cluster is gone,
 * goes at once; while the Cluster cannot be reached, or Kafka fails, the finalizer stays and the removal is tried
 * again. One log line per decision.
 */
final class KafkaSideCleanup {
    private static final Duration RETRY = Duration.ofSeconds(10);

    private KafkaSideCleanup() {
    }

    /**
     * @param object  what the resource manages, as a log names it ("Kafka topic orders"), null when it manages nothing
     * @param remove  removes it and says what happened ("deleted", "was already gone"), or null when the removal was
     *                handed to Kafka and its answer will trigger the resource again; throws
     *                {@link KafkaOperationException} when Kafka failed
     */
    static DeleteControl run(Logger log, HasMetadata resource, String object, DeletionPolicy policy, String clusterName,
            ClusterDirectory clusters, KafkaConnections kafka, Function<KafkaConnection, String> remove) {
        String kind = resource.getKind().toLowerCase(Locale.ROOT);
        String ref = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        if (object == null || policy == null || policy == DeletionPolicy.Retain) {
            log.infof("%s %s: resource deleted; %s left in place (%s)", kind, ref, object == null ? "nothing" : object,
                    object == null ? "this resource never managed anything in Kafka" : "deletionPolicy Retain");
            return DeleteControl.defaultDelete();
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(resource.getMetadata().getNamespace(), clusterName);
        if (cluster.cluster() == null) {
            log.infof("%s %s: resource deleted; its Cluster is gone, so is %s", kind, ref, object);
            return DeleteControl.defaultDelete();
        }
        if (!cluster.reachable()) {
            log.infof("%s %s: cannot remove %s yet: %s", kind, ref, object, cluster.problem().message());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY);
        }
        try {
            String done = remove.apply(cluster.connection(kafka));
            if (done == null) {
                log.debugf("%s %s: removal of %s in flight", kind, ref, object);
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY);
            }
            log.infof("%s %s: resource deleted; %s %s (deletionPolicy Delete)", kind, ref, object, done);
            return DeleteControl.defaultDelete();
        } catch (KafkaOperationException e) {
            log.infof("%s %s: removing %s failed, will retry: %s", kind, ref, object, e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY);
        }
    }
}
