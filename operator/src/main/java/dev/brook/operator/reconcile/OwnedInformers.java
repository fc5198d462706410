package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.model.BrookLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Locale;

/**
 * The objects a Cluster owns, seen through informers: a reconcile reads the live copies from their caches
 * (never from the API server), and a change made to one by hand (a scaled StatefulSet, an edited Service)
 * is an event that reconciles its Cluster, which puts the change back.
 */
final class OwnedInformers {
    /** Owned kinds with an informer here; StatefulSets have theirs in {@link ClusterReconciler} (it reads them for more). */
    static final List<Class<? extends HasMetadata>> KINDS = List.of(ConfigMap.class, Service.class, PodDisruptionBudget.class,
            ServiceAccount.class);

    private OwnedInformers() {
    }

    static List<EventSource<?, Cluster>> eventSources(EventSourceContext<Cluster> context) {
        return KINDS.stream().<EventSource<?, Cluster>>map(kind -> owned(kind, context)).toList();
    }

    private static <R extends HasMetadata> EventSource<?, Cluster> owned(Class<R> kind, EventSourceContext<Cluster> context) {
        var configuration = InformerEventSourceConfiguration.from(kind, Cluster.class)
                .withName(kind.getSimpleName().toLowerCase(Locale.ROOT) + "s")
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Cluster.class))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The informer's copy of the object {@code desired} names, or null when there is none yet. */
    static HasMetadata live(Context<Cluster> context, HasMetadata desired) {
        return context.getSecondaryResources(desired.getClass()).stream()
                .filter(o -> o.getMetadata().getName().equals(desired.getMetadata().getName()))
                .findFirst().orElse(null);
    }
}
