package dev.brook.cli;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.PasswordSource;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserStatus;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.kafka.UserAdmin;
import dev.brook.kafka.sync.UserOutcome;
import dev.brook.kafka.sync.UserRequest;
import dev.brook.model.ClusterTls;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.UserClaims;
import dev.brook.model.UserCredentials;
import dev.brook.model.UserListener;
import dev.brook.model.UserSecret;
import dev.brook.pki.CredentialFingerprint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies Users to the local cluster the way the operator's {@code UserReconciler} does, with brook local's data dir in
 * place of Secrets: the CAs come from the cluster's Secrets in {@code <data dir>/tls} ({@link UserSecret#read}), a
 * password of the user's own from {@code <data dir>/tls/<secret>/<key>}, and the user's files
 * ({@link UserCredentials#plan}) go to {@code <data dir>/users/<User name>/}, where its client configurations say they
 * are. Kafka is changed through the same {@link UserAdmin} sync path. Nothing is deleted.
 */
final class LocalUsers {
    /**
     * What happened to one User: its line, and the fingerprint of the SCRAM password Kafka now has (null: none).
     *
     * @param managed whether the User now manages its Kafka user name (applied, even if a later step was refused)
     */
    record Result(ResourceApply.Outcome outcome, String fingerprint, boolean managed) {
    }

    /** How long a user whose sync failed in Kafka is tried again right after {@code up}, and the pause between tries. */
    private static final Duration KAFKA_RETRY = Duration.ofSeconds(10);
    private static final Duration KAFKA_RETRY_PAUSE = Duration.ofMillis(200);

    private final Cluster cluster;
    private final LocalSecrets clusterSecrets;
    private final LocalSecrets userSecrets;
    private final Instant now;

    /**
     * @param cluster        the running Cluster with its listeners' local bootstrap addresses in its status
     *                       ({@link LocalClusterPlan#withListenerStatus()})
     * @param clusterSecrets the cluster's Secrets and the user's own ({@link LocalState#secrets()})
     * @param userSecrets    where users' files go ({@link LocalState#userSecrets()})
     */
    LocalUsers(Cluster cluster, LocalSecrets clusterSecrets, LocalSecrets userSecrets, Instant now) {
        this.cluster = cluster;
        this.clusterSecrets = clusterSecrets;
        this.userSecrets = userSecrets;
        this.now = now;
    }

    /**
     * @param claimants   the Users that may claim the same Kafka user name (those applied before, with the name they
     *                    manage in their status, and {@code user})
     * @param fingerprint the fingerprint of the password Kafka was last given for this User, or null
     */
    Result apply(User user, List<User> claimants, String fingerprint, UserAdmin admin) {
        String name = user.getMetadata().getName();
        UserAuthentication.Type type = user.getSpec().getAuthentication().getType();
        String label = name + " (" + user.principal() + ", " + type.specName() + ")";
        Optional<Refusal> conflict = UserClaims.conflict(user, claimants);
        if (conflict.isPresent()) {
            return new Result(ResourceApply.refused("User", label, conflict.get()), fingerprint, false);
        }
        String password = null;
        PasswordSource source = user.getSpec().getAuthentication().getPassword();
        if (type == UserAuthentication.Type.SCRAM_SHA_512 && source != null) {
            Optional<String> given = UserSecret.password(source, clusterSecrets::files);
            if (given.isEmpty()) {
                String key = source.getKey() == null ? PasswordSource.DEFAULT_KEY : source.getKey();
                return new Result(ResourceApply.refused("User", label, new Refusal(Reason.SecretProblem, UserSecret.passwordProblem(source)
                        + " (here: the file " + clusterSecrets.file(source.getSecretName(), key) + ")")), fingerprint, false);
            }
            password = given.get();
        }
        UserSecret.Either cas = UserSecret.read(cluster, type == UserAuthentication.Type.TLS, secret -> {
            Map<String, byte[]> files = clusterSecrets.files(secret);
            return files.isEmpty() ? null : files;
        });
        if (cas.problem() != null) {
            return new Result(ResourceApply.refused("User", label, new Refusal(Reason.ClusterNotReady, cas.problem())), fingerprint, false);
        }
        Path directory = userSecrets.root().resolve(name);
        UserCredentials.Result credentials = UserCredentials.plan(new UserCredentials.Inputs(user, ClusterTls.clientsCa(cluster),
                cas.authorities().clientsCa(), cas.authorities().clientsTrusted(), cas.authorities().clusterCaBundle(),
                UserListener.of(cluster), password, userSecrets.files(name), now, directory.toString()));
        userSecrets.write(new TreeMap<>(Map.of(name, credentials.data())));

        boolean current = credentials.password() != null && CredentialFingerprint.matches(credentials.password(), fingerprint);
        UserOutcome outcome = sync(admin, UserRequest.of(user, credentials.password(), current));
        String kept = fingerprint;
        if (credentials.password() == null) {
            kept = null;
        } else if (outcome.credentialWritten()) {
            kept = current ? fingerprint : CredentialFingerprint.of(credentials.password());
        }
        if (outcome.isRefused()) {
            return new Result(ResourceApply.refused("User", label, outcome.refusal()), kept, true);
        }
        if (credentials.listener() == null) {
            return new Result(ResourceApply.refused("User", label, new Refusal(Reason.ClusterMismatch, "no listener of Cluster "
                    + cluster.getMetadata().getName() + " that runs here takes " + type.specName() + " authentication, so this user "
                    + "cannot log in: add authentication type " + type.specName() + " to an internal listener in spec.brokers.listeners "
                    + "(nodeport and loadbalancer listeners do not run locally)")), kept, true);
        }
        List<String> changed = new ArrayList<>(credentials.changes());
        if (!outcome.changes().isEmpty()) {
            changed.add(outcome.changes().size() + " change(s) in Kafka");
        }
        String summary = outcome.acls() + " ACL" + (outcome.acls() == 1 ? "" : "s") + " on listener " + credentials.listener().name()
                + (changed.isEmpty() ? "" : " (" + String.join(", ", changed) + ")") + "; client config: "
                + directory.resolve(UserCredentials.JAVA_CONFIG) + ", " + directory.resolve(UserCredentials.LIBRDKAFKA_CONFIG);
        return new Result(new ResourceApply.Outcome("User", label, summary, null), kept, true);
    }

    /**
     * Right after {@code up} the brokers may refuse a moment longer (the operator would try again at its next reconcile;
     * a one-shot command tries again briefly).
     */
    private static UserOutcome sync(UserAdmin admin, UserRequest request) {
        long deadline = System.nanoTime() + KAFKA_RETRY.toNanos();
        while (true) {
            UserOutcome outcome;
            try {
                outcome = admin.sync(request);
            } catch (KafkaOperationException e) {
                outcome = UserOutcome.refused(request.userName(), new Refusal(Reason.KafkaError, e.getMessage()));
            }
            if (!outcome.isRefused() || outcome.refusal().reason() != Reason.KafkaError || System.nanoTime() > deadline) {
                return outcome;
            }
            try {
                Thread.sleep(KAFKA_RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
        }
    }

    /** A User applied before, as a claimant: its status names the Kafka user it manages. */
    static User claimant(Map<String, Object> applied) {
        User user = LocalState.fromMap(applied, User.class);
        UserStatus status = new UserStatus();
        status.setUserName(user.kafkaUserName());
        user.setStatus(status);
        return user;
    }

}
