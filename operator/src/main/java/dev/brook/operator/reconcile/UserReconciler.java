package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.PasswordSource;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserStatus;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.sync.UserOutcome;
import dev.brook.kafka.sync.UserRequest;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterTls;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.SpecProblem;
import dev.brook.model.UserClaims;
import dev.brook.model.UserCredentials;
import dev.brook.model.UserListener;
import dev.brook.model.UserSecret;
import dev.brook.model.UserValidation;
import dev.brook.pki.CredentialFingerprint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps a Kafka user as its User resource declares it: writes the user's Secret (certificate or password, CA bundle,
 * client configurations), then asks the cluster's {@link dev.brook.kafka.UserAdmin} to make Kafka hold its ACLs, SCRAM
 * credential and quotas (one pass per cluster for every user reconciled at about the same time). Every resync
 * interval the same comparison puts back what was changed by hand in Kafka or in the Secret. Deleting the User with
 * policy Delete removes the user from Kafka; its Secret goes with it (owner reference).
 */
@ControllerConfiguration(name = "user")
public class UserReconciler implements ConfigurableReconciler<User>, Cleaner<User> {
    private static final Logger LOG = Logger.getLogger(UserReconciler.class);
    private static final Duration WAIT_FOR_CLUSTER = Duration.ofSeconds(10);
    private static final String SECRETS = "user-secrets";
    /** Users by the Kafka user name they claim: the ownership check reads its entry, not the whole namespace. */
    private static final String CLAIMS_INDEX = "kafka-user";

    private final Clock clock;
    private final Conditions conditions;
    private final ReconcileMetrics metrics;
    private final ClusterDirectory clusters;
    private final KafkaConnections kafka;
    private final EventRecorder events;
    private final KubernetesClient client;
    private final ResourceApplier applier;
    private final Duration resync;

    public UserReconciler(Clock clock, ReconcileMetrics metrics, ClusterDirectory clusters, KafkaConnections kafka, EventRecorder events,
            KubernetesClient client, ResourceApplier applier,
            @ConfigProperty(name = "brook.user.resync-interval", defaultValue = "PT2M") Duration resync) {
        this.clock = clock;
        this.conditions = new Conditions(clock);
        this.metrics = metrics;
        this.clusters = clusters;
        this.kafka = kafka;
        this.events = events;
        this.client = client;
        this.applier = applier;
        this.resync = resync;
    }

    /**
     * Secrets Brook labels: a user's own Secret (edited or deleted by hand: written again at once) and a Cluster's CA
     * bundles and clients CA (renewed or replaced: every user of that cluster gets the new bundle, and a certificate
     * from the new CA, in its Secret). A password Secret the
     * user names is read at each reconcile (the resync interval, or any change of the User).
     */
    /** The informer cache keeps {@link TrimmedItemStore trimmed} objects: the operator's memory at 10,000 resources. */
    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<User> overrider) {
        TrimmedItemStore.installOn(overrider);
    }

    @Override
    public List<EventSource<?, User>> prepareEventSources(EventSourceContext<User> context) {
        context.getPrimaryCache().addIndexer(CLAIMS_INDEX, u -> u.getSpec() == null ? List.of() : List.of(UserClaims.indexKey(u)));
        var secrets = InformerEventSourceConfiguration.from(Secret.class, User.class)
                .withName(SECRETS)
                .withLabelSelector(BrookLabels.MANAGED_BY + "=" + BrookLabels.MANAGED_BY_VALUE)
                .withSecondaryToPrimaryMapper(secret -> usersOf(secret, context))
                // A user's Secret appears because this reconciler wrote it: no need to reconcile again for that.
                .withOnAddFilter(secret -> UserSecret.owningUser(secret) == null)
                .withItemStore(TrimmedItemStore.forSecondaryOf(context.getControllerConfiguration()))
                .build();
        return List.of(new InformerEventSource<>(secrets, context));
    }

    private static Set<ResourceID> usersOf(Secret secret, EventSourceContext<User> context) {
        Map<String, String> labels = secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
        String namespace = secret.getMetadata().getNamespace();
        String owner = UserSecret.owningUser(secret);
        if (owner != null) {
            return Set.of(new ResourceID(owner, namespace));
        }
        String cluster = labels.get(BrookLabels.CLUSTER);
        String name = secret.getMetadata().getName();
        if (cluster == null || !(name.equals(BrookNames.clusterCaCert(cluster)) || name.equals(BrookNames.clientsCaCert(cluster))
                || name.equals(BrookNames.clientsCa(cluster)))) {
            return Set.of();
        }
        return context.getPrimaryCache().list(namespace)
                .filter(u -> u.getSpec() != null && cluster.equals(u.getSpec().getCluster()))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<User> reconcile(User user, Context<User> context) {
        return metrics.timed("User", () -> reconcileNow(user, context));
    }

    private UpdateControl<User> reconcileNow(User user, Context<User> context) {
        long generation = user.getMetadata().getGeneration() == null ? 0 : user.getMetadata().getGeneration();
        UserStatus status = DeepCopies.copy(user.getStatus(), UserStatus.class);
        status.setObservedGeneration(generation);
        String namespace = user.getMetadata().getNamespace();

        List<SpecProblem> problems = UserValidation.problems(user);
        if (!problems.isEmpty()) {
            return refuse(user, status, new Refusal(Reason.InvalidSpec,
                    problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "))), generation, null);
        }
        Optional<Refusal> renamed = UserClaims.renamed(user);
        if (renamed.isPresent()) {
            return refuse(user, status, renamed.get(), generation, resync);
        }
        Optional<Refusal> conflict = UserClaims.conflict(user, context.getPrimaryCache().byIndex(CLAIMS_INDEX, UserClaims.indexKey(user)));
        if (conflict.isPresent()) {
            return refuse(user, status, conflict.get(), generation, resync);
        }
        ClusterDirectory.Lookup cluster = clusters.lookup(namespace, user.getSpec().getCluster());
        if (!cluster.reachable()) {
            return refuse(user, status, cluster.problem(), generation, WAIT_FOR_CLUSTER);
        }
        UserAuthentication.Type type = user.getSpec().getAuthentication().getType();
        Secret live = secret(context, namespace, user.getMetadata().getName());
        if (live != null && !UserSecret.ownedBy(live, user)) {
            return refuse(user, status, new Refusal(Reason.SecretProblem, "Secret " + user.getMetadata().getName() + " exists and is not "
                    + "this User's; Brook writes the user's credentials there and does not overwrite a Secret it did not make: delete "
                    + "or rename that Secret"), generation, resync);
        }
        String password = null;
        PasswordSource source = user.getSpec().getAuthentication().getPassword();
        if (type == UserAuthentication.Type.SCRAM_SHA_512 && source != null) {
            Optional<String> given = UserSecret.password(source, name -> secretFiles(context, namespace, name));
            if (given.isEmpty()) {
                return refuse(user, status, new Refusal(Reason.SecretProblem, UserSecret.passwordProblem(source)), generation, WAIT_FOR_CLUSTER);
            }
            password = given.get();
        }
        UserSecret.Either cas = UserSecret.read(cluster.cluster(), type == UserAuthentication.Type.TLS,
                name -> secretFiles(context, namespace, name));
        if (cas.problem() != null) {
            return refuse(user, status, new Refusal(Reason.ClusterNotReady, cas.problem()), generation, WAIT_FOR_CLUSTER);
        }
        Instant now = clock.instant();
        List<UserListener> listeners = UserListener.of(cluster.cluster());
        UserCredentials.Result credentials = UserCredentials.plan(new UserCredentials.Inputs(user, ClusterTls.clientsCa(cluster.cluster()),
                cas.authorities().clientsCa(), cas.authorities().clientsTrusted(), cas.authorities().clusterCaBundle(), listeners, password,
                live == null ? Map.of() : ClusterCertificates.files(live), now, UserCredentials.MOUNT_PATH));
        ResourceApplier.Applied applied = applier.apply(UserSecret.of(user, credentials.data()), live);
        String ref = ref(user);
        if (applied.outcome() != ResourceApplier.Outcome.UNCHANGED) {
            String what = credentials.changes().isEmpty() ? "put back (" + applied.difference() + ")" : String.join("; ", credentials.changes());
            LOG.infof("user %s: Secret %s %s: %s", ref, user.getMetadata().getName(), applied.outcome().name().toLowerCase(), what);
            events.normal(user, "SecretUpdated", "Secret " + user.getMetadata().getName() + ": " + what);
        }

        boolean current = credentials.password() != null && CredentialFingerprint.matches(credentials.password(), status.getCredentialFingerprint());
        UserOutcome outcome;
        try {
            outcome = cluster.connection(kafka).users().sync(UserRequest.of(user, credentials.password(), current));
        } catch (KafkaOperationException e) {
            outcome = UserOutcome.refused(user.kafkaUserName(), new Refusal(Reason.KafkaError, e.getMessage()));
        }
        status.setUserName(user.kafkaUserName());
        status.setPrincipal(user.principal());
        status.setSecret(user.getMetadata().getName());
        status.setCertificateNotAfter(credentials.certificate() == null ? null : credentials.certificate().notAfter().toString());
        if (credentials.password() == null) {
            status.setCredentialFingerprint(null);
        } else if (outcome.credentialWritten()) {
            status.setCredentialFingerprint(current ? status.getCredentialFingerprint() : CredentialFingerprint.of(credentials.password()));
        }
        if (!outcome.changes().isEmpty()) {
            LOG.infof("user %s: Kafka user %s: %s", ref, user.kafkaUserName(), String.join("; ", outcome.changes()));
            events.normal(user, "KafkaUserUpdated", String.join("; ", outcome.changes()));
        }
        Duration next = resync;
        if (credentials.nextCheck() != null) {
            Duration untilRenewal = Duration.between(now, credentials.nextCheck());
            next = untilRenewal.compareTo(resync) < 0 ? (untilRenewal.isNegative() ? Duration.ofSeconds(1) : untilRenewal) : resync;
        }
        if (outcome.isRefused()) {
            status.setAcls(null);
            return refuse(user, status, outcome.refusal(), generation, outcome.refusal().reason() == Reason.KafkaError ? WAIT_FOR_CLUSTER : next);
        }
        status.setAcls(outcome.acls());
        if (credentials.listener() == null) {
            boolean anyListener = listeners.stream().anyMatch(l -> l.accepts(type));
            return refuse(user, status, anyListener
                    ? new Refusal(Reason.ClusterNotReady, "Cluster " + user.getSpec().getCluster() + " has not published its listeners' "
                            + "addresses yet")
                    : new Refusal(Reason.ClusterMismatch, "no listener of Cluster " + user.getSpec().getCluster() + " takes "
                            + type.specName() + " authentication, so this user cannot log in: add authentication type " + type.specName()
                            + " to a listener in spec.brokers.listeners"), generation, anyListener ? WAIT_FOR_CLUSTER : next);
        }
        status.setConditions(conditions.set(status.getConditions(), Conditions.ready(Reason.Reconciled.name(),
                user.principal() + " logs in with " + type.specName() + " on listener " + credentials.listener().name() + "; "
                        + outcome.acls() + " ACL(s); credentials in Secret " + user.getMetadata().getName()), generation));
        return StatusUpdates.patchIfChanged(user, status).rescheduleAfter(next);
    }

    @Override
    public DeleteControl cleanup(User user, Context<User> context) {
        UserStatus status = user.getStatus();
        String managed = status == null ? null : status.getUserName();
        if (managed != null && user.getSpec() != null) {
            // Resources being deleted claim nothing: another User may already manage this name. Leave it to that one.
            Optional<User> successor = context.getPrimaryCache().byIndex(CLAIMS_INDEX,
                    UserClaims.indexKey(user.getMetadata().getNamespace(), user.getSpec().getCluster(), managed)).stream()
                    .filter(u -> u.getMetadata().getDeletionTimestamp() == null && !u.getMetadata().getName().equals(user.getMetadata().getName()))
                    .findFirst();
            if (successor.isPresent()) {
                LOG.infof("user %s/%s: resource deleted; Kafka user %s left in place: User %s manages it now", user.getMetadata().getNamespace(),
                        user.getMetadata().getName(), managed, successor.get().getMetadata().getName());
                return DeleteControl.defaultDelete();
            }
        }
        return KafkaSideCleanup.run(LOG, user, managed == null ? null : "Kafka user " + managed,
                user.getSpec() == null ? null : user.getSpec().getDeletionPolicy(), user.getSpec() == null ? null : user.getSpec().getCluster(),
                clusters, kafka, connection -> {
                    UserOutcome outcome = connection.users().sync(UserRequest.removal(managed));
                    if (outcome.isRefused()) {
                        throw new KafkaOperationException(outcome.refusal().message(), null);
                    }
                    return "removed: " + (outcome.changes().isEmpty() ? "nothing was left" : String.join("; ", outcome.changes()));
                });
    }

    /**
     * A Secret from the informer of Secrets Brook labels (the user's own, the Cluster's CAs), else from the API (a
     * Secret the user made, or one the informer has not seen yet).
     */
    private Secret secret(Context<User> context, String namespace, String name) {
        @SuppressWarnings("unchecked")
        var labelled = (InformerEventSource<Secret, User>) context.eventSourceRetriever().getEventSourceFor(Secret.class, SECRETS);
        return labelled.get(new ResourceID(name, namespace))
                .orElseGet(() -> client.secrets().inNamespace(namespace).withName(name).get());
    }

    private Map<String, byte[]> secretFiles(Context<User> context, String namespace, String name) {
        Secret secret = secret(context, namespace, name);
        return secret == null ? null : ClusterCertificates.files(secret);
    }

    private UpdateControl<User> refuse(User user, UserStatus status, Refusal refusal, long generation, Duration retry) {
        return StatusUpdates.notReady(user, status, conditions, refusal, generation, retry, LOG);
    }

    private static String ref(User user) {
        return user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
    }
}
