package dev.brook.kafka;

import dev.brook.kafka.sync.KafkaUsers;
import dev.brook.kafka.sync.UserOutcome;
import dev.brook.kafka.sync.UserPlan;
import dev.brook.kafka.sync.UserRequest;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/** {@link UserAdmin} on the Kafka Admin client: requests of one cluster batched into passes that run one at a time. */
final class KafkaUserAdmin implements UserAdmin, AutoCloseable {
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final int MAX_BATCH = 1000;
    /** Kafka's default and minimum for SCRAM-SHA-512. */
    private static final int SCRAM_ITERATIONS = 4096;

    private final Admin admin;
    private final Duration timeout;
    private final AtomicLong requests = new AtomicLong();
    private final RequestBatcher<UserRequest, UserOutcome> batcher;
    private final Object passLock = new Object();
    /** The last pass started; the next one starts when it ends. */
    private CompletableFuture<?> lastPass = CompletableFuture.completedFuture(null);

    KafkaUserAdmin(Admin admin, Duration timeout, ScheduledExecutorService batches) {
        this.admin = admin;
        this.timeout = timeout;
        this.batcher = new RequestBatcher<>("users", this::queuePass, LINGER, MAX_BATCH, batches);
    }

    @Override
    public UserOutcome sync(UserRequest request) {
        try {
            // a pass may wait for the one before it: allow for both
            return KafkaFutures.get(batcher.submit(request), timeout.multipliedBy(4), "sync user " + request.userName());
        } catch (KafkaOperationException e) {
            return UserOutcome.refused(request.userName(), new Refusal(Reason.KafkaError, e.getMessage()));
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }

    private List<CompletableFuture<UserOutcome>> queuePass(List<UserRequest> batch) {
        CompletableFuture<List<UserOutcome>> pass;
        synchronized (passLock) {
            pass = lastPass.handle((x, e) -> null).thenCompose(x -> pass(batch));
            lastPass = pass;
        }
        List<CompletableFuture<UserOutcome>> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            out.add(pass.thenApply(outcomes -> outcomes.get(index)));
        }
        return out;
    }

    /** Reads what Kafka holds (three requests), plans, writes (ACLs and credentials together, then quotas). */
    private CompletableFuture<List<UserOutcome>> pass(List<UserRequest> batch) {
        CompletableFuture<Map<String, Set<AclBinding>>> acls = stageCounted(admin.describeAcls(AclBindingFilter.ANY).values())
                .thenApply(KafkaUserAdmin::byPrincipal)
                .exceptionally(e -> {
                    if (KafkaFutures.rootCause(e) instanceof SecurityDisabledException) {
                        return null; // no authorizer: no ACLs to read or write
                    }
                    throw new java.util.concurrent.CompletionException(KafkaFutures.rootCause(e));
                });
        CompletableFuture<Set<String>> scram = stageCounted(admin.describeUserScramCredentials().all()).thenApply(KafkaUserAdmin::scramUsers);
        CompletableFuture<Map<String, Map<String, Double>>> quotas = stageCounted(admin.describeClientQuotas(ClientQuotaFilter.all()).entities())
                .thenApply(KafkaUserAdmin::userQuotas);
        return CompletableFuture.allOf(acls, scram, quotas).thenCompose(x -> {
            Map<String, Set<AclBinding>> aclMap = acls.join();
            KafkaUsers kafka = new KafkaUsers(aclMap == null ? Map.of() : aclMap, aclMap != null, scram.join(), quotas.join());
            return write(UserPlan.plan(batch, kafka));
        });
    }

    private CompletableFuture<List<UserOutcome>> write(List<UserPlan.Writes> plan) {
        Map<String, String> failures = new HashMap<>();
        List<AclBinding> creates = new ArrayList<>();
        List<AclBinding> deletes = new ArrayList<>();
        Map<String, UserScramCredentialAlteration> credentials = new LinkedHashMap<>();
        Map<ClientQuotaEntity, ClientQuotaAlteration> quotaChanges = new LinkedHashMap<>();
        for (UserPlan.Writes w : plan) {
            creates.addAll(w.create());
            deletes.addAll(w.delete());
            String user = w.request().userName();
            if (w.credential() == UserPlan.Credential.UPSERT) {
                credentials.put(user, new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), w.request().password()));
            } else if (w.credential() == UserPlan.Credential.DELETE) {
                credentials.put(user, new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512));
            }
            if (w.changesQuotas()) {
                List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
                w.quotaSet().forEach((k, v) -> ops.add(new ClientQuotaAlteration.Op(k, v)));
                w.quotaRemove().forEach(k -> ops.add(new ClientQuotaAlteration.Op(k, null)));
                quotaChanges.put(w.request().quotaEntity(), new ClientQuotaAlteration(w.request().quotaEntity(), ops));
            }
        }
        List<CompletableFuture<?>> first = new ArrayList<>();
        if (!creates.isEmpty()) {
            admin.createAcls(creates).values().forEach((binding, f) -> first.add(recordFailure(f, principalUser(binding), "create ACL", failures)));
            requests.incrementAndGet();
        }
        if (!deletes.isEmpty()) {
            List<AclBindingFilter> filters = deletes.stream().map(AclBinding::toFilter).toList();
            admin.deleteAcls(filters).values().forEach((filter, f) ->
                    first.add(recordFailure(f, principalUser(filter.entryFilter().principal()), "delete ACL", failures)));
            requests.incrementAndGet();
        }
        if (!credentials.isEmpty()) {
            admin.alterUserScramCredentials(new ArrayList<>(credentials.values())).values().forEach((user, f) ->
                    first.add(recordFailure(f, user, "write SCRAM credential", failures)));
            requests.incrementAndGet();
        }
        return CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            List<CompletableFuture<?>> second = new ArrayList<>();
            if (!quotaChanges.isEmpty()) {
                admin.alterClientQuotas(quotaChanges.values()).values().forEach((entity, f) ->
                        second.add(recordFailure(f, entity.entries().get(ClientQuotaEntity.USER), "set quotas", failures)));
                requests.incrementAndGet();
            }
            return CompletableFuture.allOf(second.toArray(CompletableFuture[]::new));
        }).thenApply(x -> outcomes(plan, failures));
    }

    private static List<UserOutcome> outcomes(List<UserPlan.Writes> plan, Map<String, String> failures) {
        List<UserOutcome> out = new ArrayList<>(plan.size());
        for (UserPlan.Writes w : plan) {
            String user = w.request().userName();
            String failure;
            synchronized (failures) {
                failure = failures.get(user);
            }
            Refusal refusal = failure != null ? new Refusal(Reason.KafkaError, failure) : w.refusal();
            boolean written = w.credential() == UserPlan.Credential.UPSERT && failure == null;
            out.add(new UserOutcome(user, failure == null ? w.describe() : List.of(), w.aclsAfter(), written, refusal));
        }
        return out;
    }

    /** A per-item future whose failure is noted for its user (and does not fail the others). */
    private static CompletableFuture<?> recordFailure(KafkaFuture<?> f, String user, String what, Map<String, String> failures) {
        return stage(f).handle((v, e) -> {
            if (e != null && !(what.equals("write SCRAM credential") && KafkaFutures.rootCause(e) instanceof ResourceNotFoundException)) {
                synchronized (failures) {
                    failures.merge(user, what + ": " + KafkaFutures.reason(e), (a, b) -> a + "; " + b);
                }
            }
            return null;
        });
    }

    private static String principalUser(AclBinding binding) {
        return principalUser(binding.entry().principal());
    }

    private static String principalUser(String principal) {
        return principal != null && principal.startsWith("User:") ? principal.substring("User:".length()) : principal;
    }

    private static Map<String, Set<AclBinding>> byPrincipal(Collection<AclBinding> all) {
        Map<String, Set<AclBinding>> out = new HashMap<>();
        all.forEach(b -> out.computeIfAbsent(b.entry().principal(), p -> new HashSet<>()).add(b));
        return out;
    }

    private static Set<String> scramUsers(Map<String, UserScramCredentialsDescription> all) {
        Set<String> out = new HashSet<>();
        all.forEach((user, d) -> {
            if (d.credentialInfos().stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512)) {
                out.add(user);
            }
        });
        return out;
    }

    private static Map<String, Map<String, Double>> userQuotas(Map<ClientQuotaEntity, Map<String, Double>> all) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        all.forEach((entity, values) -> {
            Map<String, String> entries = entity.entries();
            if (entries.size() == 1 && entries.containsKey(ClientQuotaEntity.USER) && entries.get(ClientQuotaEntity.USER) != null) {
                out.put(entries.get(ClientQuotaEntity.USER), values);
            }
        });
        return out;
    }

    private <V> CompletableFuture<V> stageCounted(KafkaFuture<V> f) {
        requests.incrementAndGet();
        return stage(f);
    }

    private static <V> CompletableFuture<V> stage(KafkaFuture<V> f) {
        return f.toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        batcher.close();
    }
}
