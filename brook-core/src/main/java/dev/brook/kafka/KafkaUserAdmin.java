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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.clients.admin.DescribeClientQuotasOptions;
import org.apache.kafka.clients.admin.DescribeUserScramCredentialsOptions;
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

/**
 * {@link UserAdmin} on the Kafka Admin client. Requests wait in one queue per cluster; one pass runs at a time and takes
 * everything queued when it starts (so batches grow with the load: while a pass runs, the next one fills). A pass plans
 * from a cache of what Kafka holds for users, read whole (ACLs, SCRAM credentials, quotas: three requests) when it is
 * older than the sweep interval or after a failed write, and kept up to date from the pass's own accepted writes in
 * between: in ZooKeeper mode the two whole reads cost Kafka about 2.6 ms of CPU per existing user, so reading them for
 * every pass would make each pass slower as users grow. Changes made by hand in Kafka are found at the next sweep.
 */
final class KafkaUserAdmin implements UserAdmin, AutoCloseable {
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final int MAX_BATCH = 1000;
    /** Kafka's default and minimum for SCRAM-SHA-512. */
    private static final int SCRAM_ITERATIONS = 4096;

    private record Waiting(UserRequest request, CompletableFuture<UserOutcome> outcome) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Duration sweep;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    private final Object lock = new Object();
    private final List<Waiting> queue = new ArrayList<>();
    /** A pass is running, or scheduled to start after the linger. */
    private boolean busy;
    private boolean closed;
    /** What Kafka holds, as of {@link #cacheReadAt}; null when it must be read again. Touched by one pass at a time. */
    private volatile KafkaUsers cache;
    private volatile long cacheReadAt;

    KafkaUserAdmin(Admin admin, Duration timeout, Duration sweep, ScheduledExecutorService scheduler) {
        this.admin = admin;
        this.timeout = timeout;
        this.sweep = sweep;
        this.scheduler = scheduler;
    }

    @Override
    public UserOutcome sync(UserRequest request) {
        CompletableFuture<UserOutcome> outcome = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return UserOutcome.refused(request.userName(), new Refusal(Reason.KafkaError, "connection closed"));
            }
            queue.add(new Waiting(request, outcome));
            if (!busy) {
                busy = true;
                schedule(LINGER);
            }
        }
        try {
            // the request may wait for the running pass, then run in the next one (which may sweep): allow for both
            return KafkaFutures.get(outcome, timeout.multipliedBy(6), "sync user " + request.userName());
        } catch (KafkaOperationException e) {
            // Given up: a request still queued must not run later beside the retry (it may carry an older spec).
            synchronized (lock) {
                queue.removeIf(w -> w.outcome() == outcome);
            }
            return UserOutcome.refused(request.userName(), new Refusal(Reason.KafkaError, e.getMessage()));
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }

    @Override
    public long passes() {
        return passes.get();
    }

    private void schedule(Duration delay) {
        try {
            scheduler.schedule(this::startPass, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            failQueued("connection closed");
        }
    }

    /** Takes what is queued (up to MAX_BATCH) into one pass; when it ends, the next pass takes what queued meanwhile. */
    private void startPass() {
        List<Waiting> batch;
        synchronized (lock) {
            if (closed || queue.isEmpty()) {
                busy = false;
                return;
            }
            int n = Math.min(MAX_BATCH, queue.size());
            batch = new ArrayList<>(queue.subList(0, n));
            queue.subList(0, n).clear();
        }
        passes.incrementAndGet();
        List<UserRequest> requestsOfPass = batch.stream().map(Waiting::request).toList();
        CompletableFuture<List<UserOutcome>> pass;
        try {
            pass = pass(requestsOfPass);
        } catch (RuntimeException e) {
            pass = CompletableFuture.failedFuture(e);
        }
        pass.whenComplete((outcomes, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    cacheReadAt = 0; // read whole at the next pass; the last known state stays the fallback
                    batch.get(i).outcome().completeExceptionally(failure);
                } else {
                    batch.get(i).outcome().complete(outcomes.get(i));
                }
            }
            synchronized (lock) {
                if (queue.isEmpty() || closed) {
                    busy = false;
                    return;
                }
            }
            schedule(Duration.ZERO);
        });
    }

    /** Plans from what Kafka holds (read whole when the cache is stale), writes, and keeps the cache up to date. */
    private CompletableFuture<List<UserOutcome>> pass(List<UserRequest> batch) {
        KafkaUsers known = cache;
        boolean fresh = known != null && System.nanoTime() - cacheReadAt < sweep.toNanos();
        CompletableFuture<KafkaUsers> state = fresh ? CompletableFuture.completedFuture(known) : readAll().exceptionally(e -> {
            if (known == null) {
                throw new java.util.concurrent.CompletionException(KafkaFutures.rootCause(e));
            }
            // A whole read that fails (at thousands of users a loaded cluster may not answer in time) leaves the
            // last known state in use; the next sweep is tried half a sweep interval later.
            cacheReadAt = System.nanoTime() - sweep.toNanos() / 2;
            return known;
        });
        return state.thenCompose(kafka -> {
            List<UserPlan.Writes> plan = UserPlan.plan(batch, kafka);
            return write(plan).thenApply(result -> {
                if (result.anyFailed()) {
                    // Keep what was known before the pass (its writes can be made again) and read whole next time.
                    cache = kafka;
                    cacheReadAt = 0;
                } else {
                    cache = applied(kafka, plan);
                }
                return result.outcomes();
            });
        });
    }

    /** Everything Kafka holds for users: three requests. */
    private CompletableFuture<KafkaUsers> readAll() {
        long started = System.nanoTime();
        // Whole reads take long at scale (ZooKeeper mode reads every user's znode): allow them more than one request's time.
        int wholeReadMs = (int) timeout.multipliedBy(3).toMillis();
        CompletableFuture<Map<String, Set<AclBinding>>> acls = stageCounted(admin.describeAcls(AclBindingFilter.ANY,
                new DescribeAclsOptions().timeoutMs(wholeReadMs)).values())
                .thenApply(KafkaUserAdmin::byPrincipal)
                .exceptionally(e -> {
                    if (KafkaFutures.rootCause(e) instanceof SecurityDisabledException) {
                        return null; // no authorizer: no ACLs to read or write
                    }
                    throw new java.util.concurrent.CompletionException(KafkaFutures.rootCause(e));
                });
        CompletableFuture<Set<String>> scram = stageCounted(admin.describeUserScramCredentials(null,
                new DescribeUserScramCredentialsOptions().timeoutMs(wholeReadMs)).all()).thenApply(KafkaUserAdmin::scramUsers);
        CompletableFuture<Map<String, Map<String, Double>>> quotas = stageCounted(admin.describeClientQuotas(ClientQuotaFilter.all(),
                new DescribeClientQuotasOptions().timeoutMs(wholeReadMs)).entities())
                .thenApply(KafkaUserAdmin::userQuotas);
        return CompletableFuture.allOf(acls, scram, quotas).thenApply(x -> {
            Map<String, Set<AclBinding>> aclMap = acls.join();
            cacheReadAt = started;
            return new KafkaUsers(aclMap == null ? new HashMap<>() : aclMap, aclMap != null, scram.join(), quotas.join());
        });
    }

    /** What Kafka holds once every write of {@code plan} was accepted. */
    private static KafkaUsers applied(KafkaUsers before, List<UserPlan.Writes> plan) {
        Map<String, Set<AclBinding>> acls = new HashMap<>(before.aclsByPrincipal());
        Set<String> scram = new HashSet<>(before.scramUsers());
        Map<String, Map<String, Double>> quotas = new HashMap<>(before.quotasByUser());
        for (UserPlan.Writes w : plan) {
            String user = w.request().userName();
            if (before.authorizerEnabled() && (!w.create().isEmpty() || !w.delete().isEmpty())) {
                Set<AclBinding> now = new HashSet<>(acls.getOrDefault(w.request().principal(), Set.of()));
                now.addAll(w.create());
                w.delete().forEach(now::remove);
                acls.put(w.request().principal(), now);
            }
            if (w.credential() == UserPlan.Credential.UPSERT) {
                scram.add(user);
            } else if (w.credential() == UserPlan.Credential.DELETE) {
                scram.remove(user);
            }
            if (w.changesQuotas()) {
                Map<String, Double> now = new HashMap<>(quotas.getOrDefault(user, Map.of()));
                now.putAll(w.quotaSet());
                w.quotaRemove().forEach(now::remove);
                quotas.put(user, now);
            }
        }
        return new KafkaUsers(acls, before.authorizerEnabled(), scram, quotas);
    }

    /** The outcomes of a pass's writes, and whether any write failed (then the cache is read again). */
    private record WriteResult(List<UserOutcome> outcomes, boolean anyFailed) {
    }

    private CompletableFuture<WriteResult> write(List<UserPlan.Writes> plan) {
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
                    first.add(recordFailure(f, user, SCRAM_WRITE, failures)));
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
        }).thenApply(x -> {
            synchronized (failures) {
                return new WriteResult(outcomes(plan, failures), !failures.isEmpty());
            }
        });
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
            // The credential was written unless its own write failed (a failed ACL does not undo it).
            boolean written = w.credential() == UserPlan.Credential.UPSERT && (failure == null || !failure.contains(SCRAM_WRITE + ":"));
            out.add(new UserOutcome(user, failure == null ? w.describe() : List.of(), w.aclsAfter(), written, refusal));
        }
        return out;
    }

    private static final String SCRAM_WRITE = "write SCRAM credential";

    /** A per-item future whose failure is noted for its user (and does not fail the others). */
    private static CompletableFuture<?> recordFailure(KafkaFuture<?> f, String user, String what, Map<String, String> failures) {
        return stage(f).handle((v, e) -> {
            if (e != null && !(what.equals(SCRAM_WRITE) && KafkaFutures.rootCause(e) instanceof ResourceNotFoundException)) {
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

    private void failQueued(String why) {
        List<Waiting> failed;
        synchronized (lock) {
            closed = true;
            failed = new ArrayList<>(queue);
            queue.clear();
            busy = false;
        }
        failed.forEach(w -> w.outcome().completeExceptionally(new IllegalStateException(why)));
    }

    @Override
    public void close() {
        failQueued("connection closed");
    }
}
