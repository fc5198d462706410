package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.model.BrookLabels;
import dev.brook.operator.reconcile.TrimmedItemStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a Cluster reconcile reads, through informers: the objects the Cluster owns (StatefulSets, ConfigMaps,
 * Services, PodDisruptionBudgets, ServiceAccounts, its TLS Secrets; mapped back by owner reference) and its pods (not owned by
 * the Cluster: mapped back by the {@code brook.dev/cluster} label). A reconcile reads live copies from these
 * caches, never from the API server, and a change made by hand (a scaled StatefulSet, an edited Service) is an
 * event that reconciles the Cluster, which puts it back. Each informer keeps its objects {@link TrimmedItemStore trimmed}.
 */
public final class ClusterInformers {
    /** Kinds the Cluster owns and applies, each with an informer. */
    static final List<Class<? extends HasMetadata>> OWNED = List.of(StatefulSet.class, ConfigMap.class, Service.class,
            PodDisruptionBudget.class, ServiceAccount.class, Secret.class, NetworkPolicy.class);

    private ClusterInformers() {
    }

    public static List<EventSource<?, Cluster>> eventSources(EventSourceContext<Cluster> context) {
        List<EventSource<?, Cluster>> sources = new ArrayList<>();
        var pods = InformerEventSourceConfiguration.from(Pod.class, Cluster.class)
                .withName("pods")
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(pod -> {
                    String cluster = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(BrookLabels.CLUSTER);
                    return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
                })
                .withItemStore(TrimmedItemStore.forSecondaryOf(context.getControllerConfiguration()))
                .build();
        sources.add(new InformerEventSource<>(pods, context));
        OWNED.forEach(kind -> sources.add(owned(kind, context)));
        return sources;
    }

    private static <R extends HasMetadata> EventSource<?, Cluster> owned(Class<R> kind, EventSourceContext<Cluster> context) {
        var configuration = InformerEventSourceConfiguration.from(kind, Cluster.class)
                .withName(kind.getSimpleName().toLowerCase(Locale.ROOT) + "s")
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Cluster.class))
                .withItemStore(TrimmedItemStore.forSecondaryOf(context.getControllerConfiguration()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The informer's copy of the object {@code desired} names, or null when there is none yet. */
    static HasMetadata live(Context<Cluster> context, HasMetadata desired) {
        return named(context, desired.getClass(), desired.getMetadata().getName());
    }

    /** The informer's copy of the {@code kind} named {@code name} related to this Cluster, or null. */
    static <R extends HasMetadata> R named(Context<Cluster> context, Class<R> kind, String name) {
        return context.getSecondaryResources(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }
}
