package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The operator gets exactly the rights it uses (listed here once, from what the reconcilers do),
 * namespaced by default, cluster-wide only when asked.
 */
class ChartRbacTest {
    private static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** "group/resource:verb" the operator needs in every namespace it watches. */
    static final Set<String> REQUIRED = requiredPermissions();

    private static Set<String> requiredPermissions() {
        Set<String> p = new TreeSet<>();
        for (String r : List.of("clusters", "topics", "consumergroups", "users")) {
            grant(p, "brook.dev", r, "get", "list", "watch", "update", "patch");
            grant(p, "brook.dev", r + "/status", "get", "update", "patch");
            grant(p, "brook.dev", r + "/finalizers", "get", "update", "patch");
        }
        grant(p, "apps", "statefulsets", ALL.toArray(String[]::new));
        for (String r : List.of("services", "configmaps", "serviceaccounts", "secrets")) {
            grant(p, "", r, ALL.toArray(String[]::new));
        }
        grant(p, "policy", "poddisruptionbudgets", ALL.toArray(String[]::new));
        grant(p, "networking.k8s.io", "networkpolicies", ALL.toArray(String[]::new));
        grant(p, "", "persistentvolumeclaims", "get", "list", "watch", "patch", "delete");
        grant(p, "", "pods", "get", "list", "watch", "delete");
        grant(p, "", "events", "create", "patch");
        grant(p, "events.k8s.io", "events", "create", "patch");
        return p;
    }

    /** The operator's cluster-scoped reads (clusterReads, on by default). */
    static final Set<String> CLUSTER_READS = Set.of("/nodes:get", "storage.k8s.io/storageclasses:get");
    /** What the brokers' rack init container is given (GET /api/v1/nodes/<its node>). */
    static final Set<String> BROKER_RACK = Set.of("/nodes:get");
    /** The operator's rights for rack awareness: the per-cluster bindings, binding exactly the brokers' role. */
    static final Set<String> RACK_BINDINGS = Set.of("rbac.authorization.k8s.io/clusterrolebindings:get",
            "rbac.authorization.k8s.io/clusterrolebindings:create", "rbac.authorization.k8s.io/clusterrolebindings:update",
            "rbac.authorization.k8s.io/clusterrolebindings:patch", "rbac.authorization.k8s.io/clusterrolebindings:delete",
            "rbac.authorization.k8s.io/clusterroles:bind@brook-broker-rack");

    private static void grant(Set<String> into, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            into.add(group + "/" + resource + ":" + verb);
        }
    }

    /**
     * What a set of rules grants, expanded to {@code group/resource:verb}, with {@code @name} for a rule limited
     * to resource names; a wildcard fails the test (least privilege).
     */
    static Set<String> granted(List<PolicyRule> rules) {
        Set<String> p = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            for (String g : rule.getApiGroups()) {
                for (String r : rule.getResources()) {
                    for (String v : rule.getVerbs()) {
                        if (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()) {
                            p.add(g + "/" + r + ":" + v);
                        } else {
                            rule.getResourceNames().forEach(n -> p.add(g + "/" + r + ":" + v + "@" + n));
                        }
                    }
                }
            }
        }
        return p;
    }

    /** Equality with a readable message: what is missing, what is extra. */
    static void assertGrantsExactly(Set<String> granted, Set<String> expected) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(granted);
        Set<String> extra = new TreeSet<>(granted);
        extra.removeAll(expected);
        assertThat(missing).as("rights the operator needs but is not granted").isEmpty();
        assertThat(extra).as("rights granted beyond what the operator needs").isEmpty();
    }

    private static void assertBindsOperator(List<Subject> subjects, RoleRef ref, String kind, String name) {
        assertThat(ref.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(ref.getKind()).isEqualTo(kind);
        assertThat(ref.getName()).isEqualTo(name);
        assertThat(subjects).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("brook");
            assertThat(s.getNamespace()).isEqualTo(ChartRenders.NAMESPACE);
        });
    }

    @Test
    void defaultInstallIsNamespacedWithExactlyTheNeededRights() {
        RenderedChart chart = ChartRenders.defaults();
        for (ObjectNode o : chart.objects()) {
            if (!List.of("ClusterRole", "ClusterRoleBinding").contains(o.path("kind").asText())) {
                assertThat(o.at("/metadata/namespace").asText()).as("namespaced: " + RenderedChart.id(o)).isEqualTo(ChartRenders.NAMESPACE);
            }
        }
        // Cluster-scoped: only the operator's read-only gets of Nodes and StorageClasses.
        ClusterRole reads = StrictKubernetesModel.read(chart.one("ClusterRole"), ClusterRole.class);
        assertGrantsExactly(granted(reads.getRules()), CLUSTER_READS);
        ClusterRoleBinding readsBinding = StrictKubernetesModel.read(chart.one("ClusterRoleBinding"), ClusterRoleBinding.class);
        assertBindsOperator(readsBinding.getSubjects(), readsBinding.getRoleRef(), "ClusterRole", "brook-cluster-reads");
        assertThat(ChartRenders.with("clusterReads.enabled=false").ofKind("ClusterRole")).as("cluster reads switched off").isEmpty();
        Role role = StrictKubernetesModel.read(chart.one("Role"), Role.class);
        assertGrantsExactly(granted(role.getRules()), REQUIRED);
        RoleBinding binding = StrictKubernetesModel.read(chart.one("RoleBinding"), RoleBinding.class);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(role.getMetadata().getNamespace());
        assertBindsOperator(binding.getSubjects(), binding.getRoleRef(), "Role", role.getMetadata().getName());
    }

    @Test
    void eachWatchedNamespaceGetsItsOwnRoleAndBinding() {
        RenderedChart chart = ChartRenders.with("watchNamespaces={team-a,team-b}");
        assertThat(chart.ofKind("Role")).extracting(o -> o.at("/metadata/namespace").asText()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(chart.ofKind("RoleBinding")).extracting(o -> o.at("/metadata/namespace").asText()).containsExactlyInAnyOrder("team-a", "team-b");
        for (ObjectNode o : chart.ofKind("Role")) {
            assertGrantsExactly(granted(StrictKubernetesModel.read(o, Role.class).getRules()), REQUIRED);
        }
        for (ObjectNode o : chart.ofKind("RoleBinding")) {
            RoleBinding b = StrictKubernetesModel.read(o, RoleBinding.class);
            assertBindsOperator(b.getSubjects(), b.getRoleRef(), "Role", "brook");
        }
        assertThat(chart.ofKind("ClusterRole")).as("only the cluster-scoped reads").extracting(o -> o.at("/metadata/name").asText())
                .containsExactly("brook-cluster-reads");
    }

    @Test
    void clusterWideUsesAClusterRoleWithTheSameRightsAndNoRoles() {
        RenderedChart chart = ChartRenders.with("clusterWide=true");
        assertThat(chart.ofKind("Role")).isEmpty();
        assertThat(chart.ofKind("RoleBinding")).isEmpty();
        ClusterRole role = StrictKubernetesModel.read(chart.one("ClusterRole", "brook"), ClusterRole.class);
        assertGrantsExactly(granted(role.getRules()), REQUIRED);
        ClusterRoleBinding binding = StrictKubernetesModel.read(chart.one("ClusterRoleBinding", "brook"), ClusterRoleBinding.class);
        assertBindsOperator(binding.getSubjects(), binding.getRoleRef(), "ClusterRole", role.getMetadata().getName());
    }

    @Test
    void rackAwarenessGivesTheBrokersNodeReadsThroughBindingsTheOperatorMayMakeForThatRoleOnly() {
        assertThat(ChartRenders.defaults().ids()).noneMatch(id -> id.contains("rack"));
        RenderedChart chart = ChartRenders.with("rackAwareness.enabled=true");
        assertThat(chart.ofKind("Role")).as("still namespaced for the operator's own rights").hasSize(1);
        ClusterRole brokers = StrictKubernetesModel.read(chart.one("ClusterRole", "brook-broker-rack"), ClusterRole.class);
        assertGrantsExactly(granted(brokers.getRules()), BROKER_RACK);
        ClusterRole operator = StrictKubernetesModel.read(chart.one("ClusterRole", "brook-rack-bindings"), ClusterRole.class);
        assertGrantsExactly(granted(operator.getRules()), RACK_BINDINGS);
        ClusterRoleBinding binding = StrictKubernetesModel.read(chart.one("ClusterRoleBinding", "brook-rack-bindings"), ClusterRoleBinding.class);
        assertBindsOperator(binding.getSubjects(), binding.getRoleRef(), "ClusterRole", "brook-rack-bindings");
        assertThat(chart.ofKind("ClusterRoleBinding")).as("the brokers' role is bound per Cluster by the operator, not by the chart")
                .noneMatch(o -> o.at("/roleRef/name").asText().equals("brook-broker-rack"));
    }

    @Test
    void allOnGrantsTheOperatorRightsPlusNodesAndNothingElse() {
        RenderedChart chart = ChartRenders.allOn();
        Set<String> all = new TreeSet<>();
        for (ObjectNode o : chart.ofKind("ClusterRole")) {
            all.addAll(granted(StrictKubernetesModel.read(o, ClusterRole.class).getRules()));
        }
        Set<String> expected = new TreeSet<>(REQUIRED);
        expected.addAll(CLUSTER_READS);
        expected.addAll(BROKER_RACK);
        expected.addAll(RACK_BINDINGS);
        assertGrantsExactly(all, expected);
        for (ObjectNode o : chart.ofKind("ClusterRoleBinding")) {
            ClusterRoleBinding b = StrictKubernetesModel.read(o, ClusterRoleBinding.class);
            assertThat(b.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("brook-operator"));
        }
    }

    @Test
    void rbacCanBeLeftToTheUser() {
        RenderedChart chart = ChartRenders.with("rbac.create=false", "rackAwareness.enabled=true", "clusterWide=true");
        assertThat(chart.ofKind("Role")).isEmpty();
        assertThat(chart.ofKind("ClusterRole")).isEmpty();
        assertThat(chart.ofKind("RoleBinding")).isEmpty();
        assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    }
}
