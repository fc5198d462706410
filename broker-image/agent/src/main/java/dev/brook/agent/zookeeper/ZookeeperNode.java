package dev.brook.agent.zookeeper;

import dev.brook.agent.AgentFailure;
import dev.brook.agent.PodFacts;
import dev.brook.agent.RoleNode;
import dev.brook.agent.TlsFileStatus;
import dev.brook.contract.ExitCode;
import dev.brook.contract.PodName;
import dev.brook.contract.PodPaths;
import dev.brook.contract.Role;
import dev.brook.contract.StatusFields;
import dev.brook.contract.ZookeeperInputs;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Role {@code zookeeper}: one quorum peer of the ensemble, in this JVM. */
public final class ZookeeperNode implements RoleNode {
    private static final Logger LOG = LoggerFactory.getLogger(ZookeeperNode.class);

    private final PodFacts facts;
    private final ZookeeperInputs inputs;
    private final PodName pod;
    private final Path dataDir;
    private final String zooCfg;
    private final MyidFile.Found myid;
    private final String inputsHash;
    private final CapturingQuorumPeerMain main = new CapturingQuorumPeerMain();
    private volatile Thread peerThread;
    private volatile Throwable failure;
    /** The pod certificate when ZooKeeper started: what its client port serves until it restarts (it never reloads it). */
    private volatile String loadedCertificate = "";
    /** The cluster CA bundle when the server started: ZooKeeper 3.8 reads its trust store only then. */
    private volatile String loadedTrusted = "";
    /** The expiry of the pod certificate when the server started. */
    private volatile String loadedNotAfter = "";

    private ZookeeperNode(PodFacts facts, ZookeeperInputs inputs, String inputsHash, PodName pod, Path dataDir,
                          String zooCfg, MyidFile.Found myid) {
        this.facts = facts;
        this.inputs = inputs;
        this.inputsHash = inputsHash;
        this.pod = pod;
        this.dataDir = dataDir;
        this.zooCfg = zooCfg;
        this.myid = myid;
    }

    /** Parses inputs, checks the TLS files the inputs ask for, renders zoo.cfg and checks myid. Reads only. */
    public static ZookeeperNode prepare(PodFacts facts) {
        String text = facts.readInputsFile(PodPaths.ZOOKEEPER_INPUTS_FILE);
        ZookeeperInputs inputs = ZookeeperInputs.parse(text);
        int ordinal = PodName.ordinalOf(facts.podName(), inputs.clusterName(), Role.ZOOKEEPER);
        if (ordinal >= inputs.replicas()) {
            throw new AgentFailure(ExitCode.INVALID_INPUT, "pod " + facts.podName() + " is outside the ensemble of "
                    + inputs.replicas() + " (ordinals 0.." + (inputs.replicas() - 1) + ")");
        }
        PodName pod = inputs.pod(ordinal);
        Path dataDir = facts.dataDir().resolve(PodPaths.ZOOKEEPER_DATA_SUBDIR);
        TlsFileStatus.requireFiles(facts.tlsDir(), inputs.tlsFiles(pod), PodPaths.ZOOKEEPER_INPUTS_FILE);
        String zooCfg = ZooCfg.render(inputs, pod, facts.bindAddress(), dataDir, facts.tlsDir());
        MyidFile.Found myid = MyidFile.check(dataDir, pod.zookeeperServerId());
        return new ZookeeperNode(facts, inputs, dev.brook.contract.InputsText.sha256Hex(text), pod, dataDir, zooCfg, myid);
    }

    @Override
    public String describe() {
        return "server " + pod.zookeeperServerId() + " of " + inputs.replicas();
    }

    @Override
    public String inputsHash() {
        return inputsHash;
    }

    @Override
    public void start() {
        QuorumPeerConfig config = new QuorumPeerConfig();
        try {
            if (myid == MyidFile.Found.ABSENT) {
                MyidFile.write(dataDir, pod.zookeeperServerId());
                LOG.info("{}: wrote myid {} to a fresh data volume {}", pod, pod.zookeeperServerId(), dataDir);
            } else {
                LOG.info("{}: data volume {} already holds myid {}; keeping it", pod, dataDir, pod.zookeeperServerId());
            }
            Files.createDirectories(facts.workDir());
            Path cfgFile = facts.workDir().resolve(PodPaths.ZOO_CFG_FILE);
            Files.writeString(cfgFile, zooCfg);
            LOG.info("{}: rendered {} ({} servers, client {}:{}{})", pod, cfgFile, inputs.replicas(), facts.bindAddress(), inputs.clientPort(),
                    inputs.tls() ? " TLS only, quorum over TLS, files in " + facts.tlsDir() : "");
            config.parse(cfgFile.toString());
            if (inputs.tls()) {
                loadedCertificate = TlsFileStatus.podCertificate(facts.tlsDir(), pod.toString());
                loadedTrusted = TlsFileStatus.trustedNow(facts.tlsDir());
                loadedNotAfter = TlsFileStatus.podCertificateNotAfter(facts.tlsDir(), pod.toString());
            }
        } catch (IOException | QuorumPeerConfig.ConfigException e) {
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "cannot prepare ZooKeeper: " + e.getMessage(), e);
        }
        Thread thread = new Thread(() -> {
            try {
                main.runFromConfig(config);
            } catch (Throwable t) {
                failure = t;
                LOG.error("{}: quorum peer failed", pod, t);
            }
        }, "zookeeper-peer");
        peerThread = thread;
        thread.start();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        peerThread.join();
        if (failure != null) {
            throw new AgentFailure(ExitCode.STARTUP_FAILED, "ZooKeeper failed: " + failure);
        }
    }

    @Override
    public void stop() {
        QuorumPeer peer = main.peer();
        if (peer != null) {
            peer.shutdown();
        }
        Thread thread = peerThread;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean live() {
        return failure == null;
    }

    @Override
    public boolean ready() {
        QuorumPeer peer = main.peer();
        if (peer == null || failure != null) {
            return false;
        }
        QuorumPeer.ServerState state = peer.getPeerState();
        ZooKeeperServer server = peer.getActiveServer();
        boolean inQuorum = state == QuorumPeer.ServerState.LEADING || state == QuorumPeer.ServerState.FOLLOWING
                || state == QuorumPeer.ServerState.OBSERVING;
        return inQuorum && server != null && server.isRunning();
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put(StatusFields.SERVER_ID, pod.zookeeperServerId());
        status.put(StatusFields.ENSEMBLE_SIZE, inputs.replicas());
        QuorumPeer peer = main.peer();
        status.put(StatusFields.PEER_STATE, peer == null ? StatusFields.PEER_STARTING : peer.getPeerState().name().toLowerCase());
        if (peer != null && peer.getPeerState() != QuorumPeer.ServerState.LOOKING && peer.getCurrentVote() != null) {
            status.put(StatusFields.LEADER_ID, peer.getCurrentVote().getId());
        }
        if (inputs.tls()) {
            status.putAll(TlsFileStatus.read(facts.tlsDir(), pod.toString()));
            status.put(StatusFields.TLS_LOADED, loadedCertificate);
            status.put(StatusFields.TLS_TRUSTED_LOADED, loadedTrusted);
            status.put(StatusFields.TLS_SERVED_NOT_AFTER, loadedNotAfter);
        }
        return status;
    }

    /** QuorumPeerMain keeps its peer in a protected field; this exposes it for health checks and shutdown. */
    private static final class CapturingQuorumPeerMain extends QuorumPeerMain {
        QuorumPeer peer() {
            return quorumPeer;
        }
    }
}
