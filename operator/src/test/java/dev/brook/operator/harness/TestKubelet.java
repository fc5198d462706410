package dev.brook.operator.harness;

import dev.brook.contract.PodEnvironment;
import dev.brook.local.LocalPod;
import dev.brook.local.LocalProcessRuntime;
import dev.brook.local.LoopbackAddresses;
import dev.brook.local.PodSpec;
import dev.brook.local.StatefulSetPods;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A test kubelet: it turns the StatefulSets the operator writes (on the mock API server) into real
 * agent processes, the way a kubelet plus the StatefulSet controller would.
 * <ul>
 *   <li>For each StatefulSet ordinal it creates the Pod object (from the template: labels,
 *       annotations, owner) and starts a process through {@link LocalProcessRuntime}, from the pod spec
 *       {@link StatefulSetPods} makes of the template (env from the container, the inputs ConfigMap as
 *       files, a data dir per pod under {@code volumes/<namespace>/} that outlives the pod like a PVC, the
 *       pod's own {@link LoopbackAddresses loopback address}, its DNS name), plus the short
 *       {@code <pod>.<service>.<ns>.svc} name the pods' DNS search path would also answer.</li>
 *   <li>A Pod deleted through the API (a rolling restart) has its process stopped with SIGTERM and
 *       is then created again from the current template (OnDelete semantics).</li>
 *   <li>A process that exits is started again after a short back-off (restartPolicy Always), and the
 *       Pod's restartCount goes up.</li>
 *   <li>The Secret mounted at the TLS dir becomes the pod's TLS files; when the Secret changes, the files of running
 *       pods are replaced in place (as the kubelet syncs Secret volumes, without a restart).</li>
 *   <li>Pod status (Ready, podIP, containerStatuses) is written from the agent's readiness endpoint.</li>
 *   <li>Service names ({@code <svc>.<ns>.svc[.cluster.local]}) resolve to a ready pod they select.</li>
 * </ul>
 */
public final class TestKubelet implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TestKubelet.class.getName());
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;
    private final LocalProcessRuntime runtime;
    private final LoopbackAddresses addresses;
    private final StatefulSetPods pods;
    private final Map<String, Boolean> lastReady = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private final Map<String, Instant> exitedAt = new ConcurrentHashMap<>();
    /** The last failed exit of a pod's process (exit code, termination message), kept across restarts as lastState is. */
    private final Map<String, ContainerStateTerminated> lastTermination = new ConcurrentHashMap<>();
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<String> startLog = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService stopper = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-kubelet-stop");
        t.setDaemon(true);
        return t;
    });
    private final Thread loop;
    private volatile boolean running = true;
    private volatile Function<String, String> rackOf;

    public TestKubelet(KubernetesClient client, String namespace, LocalProcessRuntime runtime, int addressBlock,
            List<String> extraJvmOptions) {
        this.client = client;
        this.namespace = namespace;
        this.runtime = runtime;
        this.addresses = LoopbackAddresses.block(addressBlock);
        this.pods = new StatefulSetPods(addresses, pod -> runtime.workRoot().resolve("volumes").resolve(namespace).resolve(pod),
                extraJvmOptions);
        this.loop = new Thread(this::run, "test-kubelet-" + namespace);
        this.loop.setDaemon(true);
        this.loop.start();
    }

    public LocalProcessRuntime runtime() {
        return runtime;
    }

    /** Every process start so far, in order, as pod names (a restart appears again). */
    public List<String> starts() {
        synchronized (startLog) {
            return List.copyOf(startLog);
        }
    }

    /** The loopback address a pod of this namespace runs on. */
    public String addressOf(String pod) {
        return addresses.of(pod);
    }

    /**
     * Gives broker pods a rack ({@code broker.rack}, through the agent's rack variable), as a node's zone label would
     * on Kubernetes: {@code rackOf} maps a pod name to its rack. Applies to processes started from now on.
     */
    public void racks(Function<String, String> rackOf) {
        this.rackOf = rackOf;
    }

    /** Keeps a pod's process from being started (a node that cannot run it) until {@link #release}. */
    public void hold(String pod) {
        held.add(pod);
    }

    public void release(String pod) {
        held.remove(pod);
    }

    /** SIGKILL of a pod's process, like a crash: the Pod object stays and the kubelet restarts the process. */
    public void crash(String pod) {
        runtime.kill(pod);
    }

    private void run() {
        while (running) {
            try {
                syncOnce();
            } catch (RuntimeException e) {
                LOG.warning(() -> "test kubelet sync failed (will retry): " + e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void syncOnce() {
        List<StatefulSet> sets = client.apps().statefulSets().inNamespace(namespace).list().getItems();
        Map<String, Pod> pods = new HashMap<>();
        client.pods().inNamespace(namespace).list().getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
        Map<String, Secret> secrets = new HashMap<>();
        client.secrets().inNamespace(namespace).list().getItems().forEach(s -> secrets.put(s.getMetadata().getName(), s));
        Set<String> wanted = new java.util.HashSet<>();
        int startsBefore = starts().size();
        for (StatefulSet set : sets) {
            for (int i = 0; i < StatefulSetPods.replicas(set); i++) {
                String name = StatefulSetPods.podName(set, i);
                wanted.add(name);
                syncPod(set, i, pods.get(name), secrets);
            }
        }
        // Pods of scaled-down sets, and processes whose Pod was deleted: stop them (SIGTERM). Not the
        // ones started in this pass: their Pod objects were created after the list above was read.
        Set<String> startedNow = new java.util.HashSet<>(starts().subList(startsBefore, starts().size()));
        for (LocalPod local : runtime.pods()) {
            String name = local.name();
            if (startedNow.contains(name)) {
                continue;
            }
            boolean podGone = !pods.containsKey(name) || !wanted.contains(name);
            if (podGone && local.isAlive() && terminating.add(name)) {
                if (pods.containsKey(name)) {
                    client.pods().inNamespace(namespace).withName(name).delete();
                }
                stopper.submit(() -> {
                    try {
                        runtime.stop(name, Duration.ofSeconds(40));
                    } finally {
                        terminating.remove(name);
                        lastReady.remove(name);
                        lastTermination.remove(name); // a new Pod object starts without a lastState
                    }
                });
            }
        }
        publishServices(client.services().inNamespace(namespace).list().getItems(), pods);
    }

    private void syncPod(StatefulSet set, int ordinal, Pod pod, Map<String, Secret> secrets) {
        String name = StatefulSetPods.podName(set, ordinal);
        if (terminating.contains(name)) {
            return; // the old process is still shutting down; the new pod starts after it exited
        }
        var local = runtime.pod(name);
        if (pod == null) {
            if (local.isPresent() && local.get().isAlive()) {
                return; // deleted: the stop branch handles it
            }
            pod = client.pods().inNamespace(namespace).resource(podFrom(set, name)).create();
            start(set, ordinal, pod, secrets);
            return;
        }
        if (local.isEmpty()) {
            start(set, ordinal, pod, secrets);
            return;
        }
        if (!local.get().isAlive()) {
            if (held.contains(name)) {
                if (!Objects.equals(lastReady.get(name), false)) {
                    writeStatus(pod, false);
                }
                return;
            }
            Instant exited = exitedAt.computeIfAbsent(name, n -> Instant.now());
            int code = local.get().exitCode().orElse(0);
            if (code != 0) {
                lastTermination.put(name, new ContainerStateTerminatedBuilder().withExitCode(code)
                        .withMessage(runtime.terminationMessage(name).orElse(null)).withFinishedAt(exited.toString()).build());
            }
            writeStatus(pod, false);
            if (Duration.between(exited, Instant.now()).compareTo(RESTART_BACKOFF) >= 0) {
                restarts.merge(name, 1, Integer::sum);
                exitedAt.remove(name);
                start(set, ordinal, pod, secrets);
            }
            return;
        }
        // A Secret volume follows its Secret while the pod runs.
        Map<String, String> tlsFiles = StatefulSetPods.tlsFiles(StatefulSetPods.tlsSecret(set), secrets::get);
        tlsFiles.forEach((file, content) -> {
            if (!content.equals(local.get().spec().tlsFiles().get(file))) {
                runtime.writeTlsFile(name, file, content);
            }
        });
        boolean ready = runtime.isReady(name);
        if (!Objects.equals(lastReady.get(name), ready)) {
            writeStatus(pod, ready);
        }
    }

    private Pod podFrom(StatefulSet set, String name) {
        var template = set.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", name);
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    private void start(StatefulSet set, int ordinal, Pod pod, Map<String, Secret> secrets) {
        String name = StatefulSetPods.podName(set, ordinal);
        if (held.contains(name)) {
            if (!Objects.equals(lastReady.get(name), false)) {
                writeStatus(pod, false);
            }
            return;
        }
        PodSpec spec = pods.pod(set, configMap -> client.configMaps().inNamespace(namespace).withName(configMap).get(), secrets::get,
                        ordinal)
                .withHostname(name + "." + set.getSpec().getServiceName() + "." + namespace + ".svc");
        Function<String, String> racks = rackOf;
        if (racks != null && name.contains("-broker-")) {
            spec = spec.withEnv(PodEnvironment.RACK, racks.apply(name));
        }
        runtime.start(spec);
        startLog.add(name);
        lastReady.remove(name);
        writeStatus(pod, false);
    }

    private void writeStatus(Pod pod, boolean ready) {
        String name = pod.getMetadata().getName();
        String now = Instant.now().toString();
        String flag = ready ? "True" : "False";
        Pod fresh = client.pods().inNamespace(namespace).withName(name).get();
        if (fresh == null) {
            return;
        }
        fresh.setStatus(new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP(addressOf(name))
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(flag).withLastTransitionTime(now).build(),
                        new PodConditionBuilder().withType("ContainersReady").withStatus(flag).withLastTransitionTime(now).build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(pod.getSpec().getContainers().get(0).getName())
                        .withReady(ready).withStarted(true).withRestartCount(restarts.getOrDefault(name, 0))
                        .withLastState(lastTermination.containsKey(name)
                                ? new ContainerStateBuilder().withTerminated(lastTermination.get(name)).build() : null)
                        .build())
                .build());
        client.pods().inNamespace(namespace).resource(fresh).updateStatus();
        lastReady.put(name, ready);
    }

    /** Service DNS names resolve to a ready pod the Service selects (or any selected pod while none is ready). */
    private void publishServices(List<Service> services, Map<String, Pod> pods) {
        for (Service svc : services) {
            Map<String, String> selector = svc.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            String chosen = null;
            for (Pod p : pods.values()) {
                Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
                if (labels.entrySet().containsAll(selector.entrySet())) {
                    if (Boolean.TRUE.equals(lastReady.get(p.getMetadata().getName()))) {
                        chosen = p.getMetadata().getName();
                        break;
                    }
                    if (chosen == null) {
                        chosen = p.getMetadata().getName();
                    }
                }
            }
            if (chosen != null) {
                String address = addressOf(chosen);
                String svcName = svc.getMetadata().getName() + "." + namespace + ".svc";
                runtime.registerHost(svcName, address);
                runtime.registerHost(svcName + ".cluster.local", address);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        stopper.shutdownNow();
        runtime.close();
    }

    public static Path hostsFileOf(LocalProcessRuntime runtime) {
        return runtime.hostsFile();
    }
}
