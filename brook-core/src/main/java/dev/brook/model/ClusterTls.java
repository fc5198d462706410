package dev.brook.model;

import dev.brook.api.v1alpha1.CertificateAuthoritySpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.SecuritySpec;
import dev.brook.contract.HostPort;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.KeyAlgorithm;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What TLS a Cluster asks for and which certificates that takes, as pure functions of the spec: internal TLS
 * (on unless {@code spec.security.internalTls} is false), the client listeners with {@code tls: true}, the two CAs'
 * settings, and one certificate per pod plus one for the operator, with the names they must carry.
 *
 * <p>Every broker certificate has the same subject: with ZooKeeper ACLs ({@code zookeeper.set.acl}) the znodes a
 * broker creates belong to its certificate's subject, and every broker must be able to change them. The subject
 * never changes for the life of the cluster.
 */
public final class ClusterTls {
    private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$");

    /** A CA's settings, defaults applied. */
    public record CaSettings(Duration validity, Duration renewBefore, KeyAlgorithm keyAlgorithm, String replaceKey, String userSecret) {
        static CaSettings of(CertificateAuthoritySpec spec) {
            CertificateAuthoritySpec s = spec == null ? new CertificateAuthoritySpec() : spec;
            int validity = s.getValidityDays() == null ? CertificateAuthoritySpec.DEFAULT_VALIDITY_DAYS : s.getValidityDays();
            int renewal = s.getRenewalDays() == null ? CertificateAuthoritySpec.DEFAULT_RENEWAL_DAYS : s.getRenewalDays();
            KeyAlgorithm algorithm = s.getKeyAlgorithm() == null ? KeyAlgorithm.DEFAULT : KeyAlgorithm.valueOf(s.getKeyAlgorithm().name());
            return new CaSettings(Duration.ofDays(validity), Duration.ofDays(renewal), algorithm, s.getReplaceKey(), s.getSecretName());
        }
    }

    /**
     * One certificate Brook issues from the cluster CA.
     *
     * @param secret the Secret that holds it
     * @param file   its key store's name in that Secret ({@link TlsFiles#podKeyStore})
     */
    public record Issued(String secret, String file, Subject subject, Set<String> dnsNames, Set<String> ipAddresses, Usage usage) {
    }

    private ClusterTls() {
    }

    /** TLS between Brook's own pods (default true). */
    public static boolean internal(Cluster cluster) {
        SecuritySpec s = cluster.getSpec().getSecurity();
        return s == null || s.getInternalTls() == null || s.getInternalTls();
    }

    /**
     * Why the spec cannot be applied to pods that run with {@code liveInternalTls} (from their inputs; null when none
     * run yet): switching a running cluster between plaintext and internal TLS would leave it half-way (brokers
     * that cannot reach ZooKeeper or each other while they roll), so it is refused until a migration exists.
     */
    public static Optional<String> switchRefusal(Cluster cluster, Boolean liveInternalTls) {
        if (liveInternalTls == null || liveInternalTls == internal(cluster)) {
            return Optional.empty();
        }
        if (!liveInternalTls) {
            return Optional.of("this cluster runs without internal TLS (it was created with spec.security.internalTls: false, or "
                    + "before Brook had TLS); switching a running cluster to TLS is not supported yet. Set "
                    + "spec.security.internalTls: false to keep it as it runs (nothing was changed)");
        }
        return Optional.of("this cluster runs with internal TLS; turning it off on a running cluster is not supported. Remove "
                + "spec.security.internalTls: false, or set it to true (nothing was changed)");
    }

    /** Client listeners served over TLS. */
    public static List<ListenerSpec> tlsListeners(Cluster cluster) {
        return ClusterDefaults.listeners(cluster.getSpec()).stream().filter(l -> Boolean.TRUE.equals(l.getTls())).toList();
    }

    /** Whether the cluster needs certificates at all. */
    public static boolean needed(Cluster cluster) {
        return internal(cluster) || !tlsListeners(cluster).isEmpty();
    }

    public static CaSettings clusterCa(Cluster cluster) {
        return CaSettings.of(cluster.getSpec().getSecurity() == null ? null : cluster.getSpec().getSecurity().getClusterCa());
    }

    public static CaSettings clientsCa(Cluster cluster) {
        return CaSettings.of(cluster.getSpec().getSecurity() == null ? null : cluster.getSpec().getSecurity().getClientsCa());
    }

    /** The subject every broker certificate carries (one DN for all: ZooKeeper ACLs). */
    public static Subject brokerSubject(Cluster cluster) {
        return Subject.of(BrookNames.broker(cluster.getMetadata().getName())).withOrganization("brook")
                .withOrganizationalUnit(cluster.getMetadata().getNamespace());
    }

    /** The subject of the operator's client certificate for this cluster (a super user once authorization arrives). */
    /**
     * With {@code spec.security.authorization}: the principals allowed everything. Brook's brokers and operator first,
     * by the DN of their cluster CA certificates (they authenticate on the inter-broker listener, which keeps whole DNs),
     * then the user's list; null without authorization.
     */
    public static List<String> superUsers(Cluster cluster) {
        SecuritySpec s = cluster.getSpec().getSecurity();
        if (s == null || s.getAuthorization() == null) {
            return null;
        }
        List<String> users = new ArrayList<>();
        users.add("User:" + brokerSubject(cluster).distinguishedName());
        users.add("User:" + operatorSubject(cluster).distinguishedName());
        if (s.getAuthorization().getSuperUsers() != null) {
            s.getAuthorization().getSuperUsers().stream().filter(u -> !users.contains(u)).forEach(users::add);
        }
        return users;
    }

    public static Subject operatorSubject(Cluster cluster) {
        return Subject.of("brook-operator").withOrganization("brook").withOrganizationalUnit(cluster.getMetadata().getNamespace());
    }

    /** The subject of the cluster CA. */
    public static Subject clusterCaSubject(Cluster cluster, int generation) {
        return Subject.of(cluster.getMetadata().getName() + "-cluster-ca-" + generation).withOrganization("brook")
                .withOrganizationalUnit(cluster.getMetadata().getNamespace());
    }

    /** The subject of the clients CA. */
    public static Subject clientsCaSubject(Cluster cluster, int generation) {
        return Subject.of(cluster.getMetadata().getName() + "-clients-ca-" + generation).withOrganization("brook")
                .withOrganizationalUnit(cluster.getMetadata().getNamespace());
    }

    /**
     * Every certificate the cluster CA issues: ZooKeeper pods, brokers, the operator.
     *
     * @param addresses external addresses the brokers advertise (their names go into the certificates)
     * @param extraIps  more IP addresses per pod name (brook local: the pods' loopback addresses)
     */
    public static List<Issued> certificates(Cluster cluster, Platform platform, ExternalAddresses addresses, int zookeepers, int brokers,
            java.util.function.Function<String, List<String>> extraIps) {
        String c = cluster.getMetadata().getName();
        String ns = cluster.getMetadata().getNamespace();
        List<Issued> out = new ArrayList<>();
        String zkService = BrookNames.zookeeper(c);
        // Without internal TLS only client listeners use certificates: the brokers need theirs, ZooKeeper and the operator none.
        boolean internal = internal(cluster);
        for (int i = 0; internal && i < zookeepers; i++) {
            String pod = BrookNames.zookeeperPod(c, i);
            Set<String> dns = new TreeSet<>(podNames(pod, zkService, ns, platform));
            dns.addAll(serviceNames(BrookNames.zookeeperClientService(c), ns, platform));
            out.add(new Issued(BrookNames.zookeeperTls(c), TlsFiles.podKeyStore(pod),
                    Subject.of(zkService).withOrganization("brook").withOrganizationalUnit(ns), dns, new TreeSet<>(extraIps.apply(pod)),
                    Usage.SERVER_AND_CLIENT));
        }
        String brokerService = BrookNames.broker(c);
        for (int i = 0; i < brokers; i++) {
            String pod = BrookNames.brokerPod(c, i);
            Set<String> dns = new TreeSet<>(podNames(pod, brokerService, ns, platform));
            dns.addAll(serviceNames(BrookNames.bootstrapService(c), ns, platform));
            Set<String> ips = new TreeSet<>(extraIps.apply(pod));
            for (ListenerSpec l : ClusterDefaults.listeners(cluster.getSpec())) {
                int ordinal = i;
                addresses.address(l.getName(), ordinal).map(HostPort::host).ifPresent(host -> (IP.matcher(host).matches() ? ips : dns).add(host));
            }
            out.add(new Issued(BrookNames.brokerTls(c), TlsFiles.podKeyStore(pod), brokerSubject(cluster), dns, ips, Usage.SERVER_AND_CLIENT));
        }
        if (internal) {
            out.add(new Issued(BrookNames.operatorTls(c), OPERATOR_KEY_STORE, operatorSubject(cluster), Set.of(), Set.of(), Usage.CLIENT));
        }
        return out;
    }

    /** The operator's key store in {@link BrookNames#operatorTls}. */
    public static final String OPERATOR_KEY_STORE = "operator.pem";

    private static List<String> podNames(String pod, String headless, String ns, Platform platform) {
        String domain = platform.headlessDomain(headless, ns);
        return List.of(pod + "." + domain, pod + "." + headless + "." + ns + ".svc", "*." + domain);
    }

    private static List<String> serviceNames(String service, String ns, Platform platform) {
        return List.of(BrookNames.serviceHost(service, ns), BrookNames.serviceHost(service, ns) + "." + platform.clusterDomain());
    }
}
