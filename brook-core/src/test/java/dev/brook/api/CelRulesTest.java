package dev.brook.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.testing.CelCostEstimator;
import dev.brook.testing.CelCostEstimator.Estimate;
import dev.brook.testing.CelCostEstimator.RuleSite;
import dev.brook.testing.CelRules;
import dev.brook.testing.CrdSchemas;
import dev.cel.common.CelAbstractSyntaxTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code x-kubernetes-validations} rule of the committed CRDs ({@code crds/}), checked the way
 * only a real API server would otherwise check it:
 * <ol>
 * <li>it compiles with a real CEL engine (cel-java; Kubernetes-only library functions are reported,
 *     not skipped: {@link CelRules});</li>
 * <li>its worst-case cost, estimated from the expression and the schema's {@code maxItems} /
 *     {@code maxProperties} / {@code maxLength} like the API server does when the CRD is created
 *     ({@link CelCostEstimator}), stays under the per-rule limit (10,000,000), every list/map/string
 *     the cost depends on is bounded, and all rules of a CRD stay under the per-CRD limit
 *     (100,000,000);</li>
 * <li>it accepts and refuses the example inputs in {@link #EXAMPLES} as intended, evaluated by cel-java.
 *     Every rule needs at least one accepted and one refused example there.</li>
 * </ol>
 * The estimator itself is pinned to numbers Kubernetes publishes ({@link #CALIBRATION}), and shown to
 * refuse the listener rules without their bounds.
 */
class CelRulesTest {
    private static final String LISTENER_NAMES = "self.all(l, self.exists_one(m, m.name == l.name))";
    private static final String LISTENER_PORTS = "self.all(l, self.exists_one(m, m.port == l.port))";
    private static final String ZOOKEEPER_ODD = "self % 2 == 1";
    private static final String TOPIC_NAME = "self != '.' && self != '..'";
    private static final String RESET_TIMESTAMP = "self.to != 'timestamp' || has(self.timestamp)";
    private static final String RESET_OFFSETS = "self.to != 'offset' || (has(self.offsets) && size(self.offsets) > 0)";
    private static final String AUTH_TLS_NEEDS_TLS = "!has(self.authentication) || self.authentication.type != 'tls' || (has(self.tls) && self.tls)";
    private static final String SCRAM_NEEDS_TLS = "!has(self.authentication) || self.authentication.type != 'scram-sha-512' || (has(self.tls) && self.tls) "
            + "|| (has(self.authentication.allowPlaintext) && self.authentication.allowPlaintext)";
    private static final String REAUTH_SCRAM_ONLY = "self.type == 'scram-sha-512' || !has(self.reauthenticationSeconds)";
    private static final String PLAINTEXT_SCRAM_ONLY = "self.type == 'scram-sha-512' || !has(self.allowPlaintext)";
    private static final String ACL_NEEDS_NAME = "self.type == 'cluster' || has(self.name)";
    private static final String ACL_CLUSTER_NAME = "self.type != 'cluster' || !has(self.name) || self.name == 'kafka-cluster'";
    private static final String ACL_CLUSTER_LITERAL = "self.type != 'cluster' || !has(self.patternType) || self.patternType == 'literal'";
    private static final String PASSWORD_SCRAM_ONLY = "self.type == 'scram-sha-512' || !has(self.password)";
    private static final String USERS = "users.brook.dev";
    private static final String ACL_RESOURCE = ".spec.acls[*].resource";
    private static final String LISTENER = ".spec.brokers.listeners[*]";
    private static final String AUTHENTICATION = ".spec.brokers.listeners[*].authentication";

    /** One input for a rule (self, as YAML) and whether the rule must accept it. */
    record Example(String crd, String path, String rule, boolean accepted, String self) {
    }

    private static Example accepts(String crd, String path, String rule, String self) {
        return new Example(crd, path, rule, true, self);
    }

    private static Example refuses(String crd, String path, String rule, String self) {
        return new Example(crd, path, rule, false, self);
    }

    private static final String CLUSTERS = "clusters.brook.dev";
    private static final String TOPICS = "topics.brook.dev";
    private static final String GROUPS = "consumergroups.brook.dev";
    private static final String LISTENERS = ".spec.brokers.listeners";
    private static final String RESET = ".spec.offsetReset";

    static final List<Example> EXAMPLES = List.of(
            accepts(CLUSTERS, LISTENERS, LISTENER_NAMES, "[]"),
            accepts(CLUSTERS, LISTENERS, LISTENER_NAMES, "[{name: plain, port: 9092}, {name: external, port: 9094, type: nodeport}]"),
            refuses(CLUSTERS, LISTENERS, LISTENER_NAMES, "[{name: plain, port: 9092}, {name: plain, port: 9094}]"),
            refuses(CLUSTERS, LISTENERS, LISTENER_NAMES, "[{name: a, port: 9092}, {name: b, port: 9093}, {name: a, port: 9094}]"),
            accepts(CLUSTERS, LISTENERS, LISTENER_PORTS, "[]"),
            accepts(CLUSTERS, LISTENERS, LISTENER_PORTS, "[{name: plain, port: 9092}, {name: external, port: 9094}]"),
            refuses(CLUSTERS, LISTENERS, LISTENER_PORTS, "[{name: plain, port: 9092}, {name: external, port: 9092}]"),
            accepts(CLUSTERS, ".spec.zookeeper.replicas", ZOOKEEPER_ODD, "3"),
            accepts(CLUSTERS, ".spec.zookeeper.replicas", ZOOKEEPER_ODD, "1"),
            refuses(CLUSTERS, ".spec.zookeeper.replicas", ZOOKEEPER_ODD, "2"),
            refuses(CLUSTERS, ".spec.zookeeper.replicas", ZOOKEEPER_ODD, "4"),
            accepts(TOPICS, ".spec.topicName", TOPIC_NAME, "orders"),
            accepts(TOPICS, ".spec.topicName", TOPIC_NAME, "'...'"),
            accepts(TOPICS, ".spec.topicName", TOPIC_NAME, "'.orders'"),
            refuses(TOPICS, ".spec.topicName", TOPIC_NAME, "'.'"),
            refuses(TOPICS, ".spec.topicName", TOPIC_NAME, "'..'"),
            accepts(GROUPS, RESET, RESET_TIMESTAMP, "{id: r1, to: timestamp, timestamp: '2026-11-25T10:00:00Z'}"),
            accepts(GROUPS, RESET, RESET_TIMESTAMP, "{id: r1, to: earliest}"),
            refuses(GROUPS, RESET, RESET_TIMESTAMP, "{id: r1, to: timestamp}"),
            accepts(GROUPS, RESET, RESET_OFFSETS, "{id: r1, to: offset, offsets: [{topic: orders, partition: 0, offset: 42}]}"),
            accepts(GROUPS, RESET, RESET_OFFSETS, "{id: r1, to: latest}"),
            refuses(GROUPS, RESET, RESET_OFFSETS, "{id: r1, to: offset}"),
            refuses(GROUPS, RESET, RESET_OFFSETS, "{id: r1, to: offset, offsets: []}"),
            accepts(CLUSTERS, LISTENER, AUTH_TLS_NEEDS_TLS, "{name: plain, port: 9092}"),
            accepts(CLUSTERS, LISTENER, AUTH_TLS_NEEDS_TLS, "{name: mtls, port: 9093, tls: true, authentication: {type: tls}}"),
            refuses(CLUSTERS, LISTENER, AUTH_TLS_NEEDS_TLS, "{name: mtls, port: 9093, authentication: {type: tls}}"),
            accepts(CLUSTERS, LISTENER, SCRAM_NEEDS_TLS, "{name: scram, port: 9094, tls: true, authentication: {type: scram-sha-512}}"),
            accepts(CLUSTERS, LISTENER, SCRAM_NEEDS_TLS, "{name: scram, port: 9094, authentication: {type: scram-sha-512, allowPlaintext: true}}"),
            refuses(CLUSTERS, LISTENER, SCRAM_NEEDS_TLS, "{name: scram, port: 9094, authentication: {type: scram-sha-512}}"),
            accepts(CLUSTERS, AUTHENTICATION, REAUTH_SCRAM_ONLY, "{type: scram-sha-512, reauthenticationSeconds: 60}"),
            refuses(CLUSTERS, AUTHENTICATION, REAUTH_SCRAM_ONLY, "{type: tls, reauthenticationSeconds: 60}"),
            accepts(CLUSTERS, AUTHENTICATION, PLAINTEXT_SCRAM_ONLY, "{type: tls}"),
            refuses(CLUSTERS, AUTHENTICATION, PLAINTEXT_SCRAM_ONLY, "{type: tls, allowPlaintext: true}"),
            accepts(USERS, ACL_RESOURCE, ACL_NEEDS_NAME, "{type: topic, name: orders}"),
            accepts(USERS, ACL_RESOURCE, ACL_NEEDS_NAME, "{type: cluster}"),
            refuses(USERS, ACL_RESOURCE, ACL_NEEDS_NAME, "{type: group}"),
            accepts(USERS, ACL_RESOURCE, ACL_CLUSTER_NAME, "{type: cluster, name: kafka-cluster}"),
            accepts(USERS, ACL_RESOURCE, ACL_CLUSTER_NAME, "{type: topic, name: other}"),
            refuses(USERS, ACL_RESOURCE, ACL_CLUSTER_NAME, "{type: cluster, name: other}"),
            accepts(USERS, ACL_RESOURCE, ACL_CLUSTER_LITERAL, "{type: topic, name: orders-, patternType: prefix}"),
            accepts(USERS, ACL_RESOURCE, ACL_CLUSTER_LITERAL, "{type: cluster, patternType: literal}"),
            refuses(USERS, ACL_RESOURCE, ACL_CLUSTER_LITERAL, "{type: cluster, patternType: prefix}"),
            accepts(USERS, ".spec.authentication", PASSWORD_SCRAM_ONLY, "{type: scram-sha-512, password: {secretName: mine}}"),
            accepts(USERS, ".spec.authentication", PASSWORD_SCRAM_ONLY, "{type: tls}"),
            refuses(USERS, ".spec.authentication", PASSWORD_SCRAM_ONLY, "{type: tls, password: {secretName: mine}}"));

    // ---------------------------------------------------------------- the committed CRDs

    /** Every rule of every committed CRD (all versions). */
    static List<RuleSite> sites() {
        CrdSchemas crds = CrdSchemas.committed();
        List<RuleSite> sites = new ArrayList<>();
        for (String kind : crds.kinds()) {
            JsonNode crd = crds.crd(kind);
            String name = crd.at("/metadata/name").asText();
            for (JsonNode version : crd.at("/spec/versions")) {
                JsonNode schema = version.at("/schema/openAPIV3Schema");
                String crdName = crd.at("/spec/versions").size() > 1 ? name + " " + version.path("name").asText() : name;
                sites.addAll(CelCostEstimator.ruleSites(crdName, schema));
            }
        }
        return sites;
    }

    @Test
    void theCrdsHaveTheRulesThisTestKnows() {
        assertThat(sites()).extracting(RuleSite::rule)
                .as("rules in crds/ (grep -n rule: crds/*.yaml)")
                .contains(LISTENER_NAMES, LISTENER_PORTS, ZOOKEEPER_ODD, TOPIC_NAME, RESET_TIMESTAMP, RESET_OFFSETS);
    }

    @Test
    void everyRuleCompilesWithCel() {
        List<String> failures = new ArrayList<>();
        for (RuleSite site : sites()) {
            try {
                CelRules.compile(site.rule());
            } catch (CelRules.CompileFailure e) {
                failures.add(describe(site) + " " + e.getMessage());
            }
        }
        assertThat(failures).as("rules that a CEL engine cannot compile").isEmpty();
    }

    @Test
    void everyRuleFitsTheApiServersCostBudget() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Long> totalPerCrd = new LinkedHashMap<>();
        for (RuleSite site : sites()) {
            CelAbstractSyntaxTree ast = CelRules.compile(site.rule());
            Estimate estimate = CelCostEstimator.estimate(site, ast.getExpr());
            System.out.printf("CEL cost %,12d (expression %,d x cardinality %,d)  %s%n", estimate.cost(),
                    estimate.expressionCost(), estimate.cardinality(), describe(site));
            totalPerCrd.merge(site.crd(), estimate.cost(), CelCostEstimator::add);
            if (!estimate.acceptable()) {
                failures.add(refusal(site, estimate));
            }
        }
        totalPerCrd.forEach((crd, total) -> {
            if (total > CelCostEstimator.STATIC_ESTIMATED_CRD_COST_LIMIT) {
                failures.add("CRD " + crd + ": the rules' estimated costs add up to " + String.format("%,d", total)
                        + ", over the API server's per-CRD limit "
                        + String.format("%,d", CelCostEstimator.STATIC_ESTIMATED_CRD_COST_LIMIT)
                        + " (StaticEstimatedCRDCostLimit); bound the lists/strings of the dearest rules");
            }
        });
        assertThat(failures).as("rules the API server would refuse (or that depend on unbounded sizes)").isEmpty();
    }

    @Test
    void everyRuleHasAnAcceptedAndARefusedExample() {
        List<String> failures = new ArrayList<>();
        List<RuleSite> sites = sites();
        for (RuleSite site : sites) {
            List<Example> mine = EXAMPLES.stream().filter(x -> matches(x, site)).toList();
            if (mine.stream().noneMatch(Example::accepted) || mine.stream().allMatch(Example::accepted)) {
                failures.add(describe(site) + ": add an accepted and a refused input to CelRulesTest.EXAMPLES");
            }
        }
        for (Example x : EXAMPLES) {
            if (sites.stream().noneMatch(s -> matches(x, s))) {
                failures.add("EXAMPLES names a rule that is not in crds/: " + x.crd() + " " + x.path() + " `" + x.rule() + "`");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void everyExampleIsJudgedAsIntendedByCel() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Example x : EXAMPLES) {
            CelAbstractSyntaxTree ast = CelRules.compile(x.rule());
            Object result;
            try {
                result = CelRules.evaluate(ast, yaml(x.self()));
            } catch (Exception e) {
                result = "error: " + e.getMessage();
            }
            if (!Boolean.valueOf(x.accepted()).equals(result)) {
                failures.add(x.crd() + " " + x.path() + " `" + x.rule() + "` with self = " + x.self() + ": expected "
                        + (x.accepted() ? "true (accepted)" : "false (refused)") + ", got " + result);
            }
        }
        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------- the estimator itself

    /** The listeners schema as it was before the bounds: no maxItems, names without maxLength. */
    private static final String OLD_LISTENERS = """
            type: array
            items:
              type: object
              required: [name, port]
              properties:
                name: {type: string, pattern: '^[a-z][a-z0-9-]{0,24}$'}
                port: {type: integer, minimum: 1024, maximum: 65535}
                type: {type: string, default: internal, enum: [internal, loadbalancer, nodeport]}
            """;

    @Test
    void theUnboundedListenerRulesAreRefused() throws Exception {
        for (String rule : List.of(LISTENER_NAMES, LISTENER_PORTS)) {
            Estimate e = estimate(OLD_LISTENERS, rule);
            assertThat(e.exceedsLimit()).as(rule + " costs " + e.cost()).isTrue();
            assertThat(e.cost()).as("quadratic in ~143,000 listeners that fit in 3 MiB").isGreaterThan(100L * CelCostEstimator.STATIC_ESTIMATED_COST_LIMIT);
            assertThat(e.missingBounds()).anySatisfy(m -> assertThat(m).contains("maxItems on .spec.brokers.listeners"));
            assertThat(e.acceptable()).isFalse();
        }
        assertThat(estimate(OLD_LISTENERS, LISTENER_NAMES).missingBounds())
                .anySatisfy(m -> assertThat(m).contains("maxLength on .spec.brokers.listeners[*].name"));
    }

    @Test
    void theBoundedListenerRulesAreAccepted() throws Exception {
        String bounded = OLD_LISTENERS.replace("type: array\n", "type: array\nmaxItems: 16\n")
                .replace("name: {type: string,", "name: {type: string, maxLength: 25,");
        for (String rule : List.of(LISTENER_NAMES, LISTENER_PORTS)) {
            Estimate e = estimate(bounded, rule);
            assertThat(e.acceptable()).as(rule + ": " + e).isTrue();
            assertThat(e.cost()).isLessThan(10_000);
        }
        String namesUnbounded = OLD_LISTENERS.replace("type: array\n", "type: array\nmaxItems: 16\n");
        assertThat(estimate(namesUnbounded, LISTENER_NAMES).missingBounds()).as("16 listeners, names without maxLength")
                .containsExactly("add maxLength on .spec.brokers.listeners[*].name (it is compared)");
        assertThat(estimate(namesUnbounded, LISTENER_PORTS).acceptable()).as("ports are integers").isTrue();
    }

    @Test
    void rulesUnderAnUnboundedListRunOncePerItem() throws Exception {
        JsonNode schema = yaml("""
                type: object
                properties:
                  topics:
                    type: array
                    items: {type: string, maxLength: 249, x-kubernetes-validations: [{rule: "self != '.'"}]}
                """);
        List<RuleSite> sites = CelCostEstimator.ruleSites("test", schema);
        assertThat(sites).singleElement().satisfies(s -> assertThat(s.path()).isEqualTo(".topics[*]"));
        Estimate e = CelCostEstimator.estimate(sites.get(0), CelRules.compile(sites.get(0).rule()).getExpr());
        assertThat(e.missingBounds()).containsExactly(
                "add maxItems on .topics (an enclosing list/map: the rule runs once per element)");
        assertThat(e.cardinality()).isEqualTo(CelCostEstimator.MAX_REQUEST_SIZE_BYTES / 3);

        ((ObjectNode) schema.at("/properties/topics")).put("maxItems", 1000);
        RuleSite bounded = CelCostEstimator.ruleSites("test", schema).get(0);
        Estimate b = CelCostEstimator.estimate(bounded, CelRules.compile(bounded.rule()).getExpr());
        assertThat(b.acceptable()).isTrue();
        assertThat(b.cardinality()).isEqualTo(1000);
        assertThat(b.cost()).isEqualTo(1000 * b.expressionCost());
    }

    @Test
    void typosAndUnknownFunctionsAreReported() throws Exception {
        String object = """
                type: object
                properties:
                  to: {type: string, maxLength: 9}
                """;
        assertThat(estimate(object, "self.too == 'offset'").problems())
                .anySatisfy(p -> assertThat(p).contains("field 'too' is not in the schema"));
        assertThatThrownBy(() -> CelRules.compile("quantity(self.to).isGreaterThan(quantity('1Gi'))"))
                .isInstanceOf(CelRules.CompileFailure.class)
                .hasMessageContaining("Kubernetes CEL library function(s) [isGreaterThan, quantity]")
                .hasMessageContaining("cel-java does not provide");
    }

    /**
     * Costs Kubernetes publishes for its own estimator (apiextensions-apiserver
     * {@code pkg/apiserver/schema/cel/compilation_test.go}, {@code TestCostEstimation}): each schema
     * without bounds ("calc") and with the bound set ("set"). The estimator must reproduce them.
     */
    static Stream<Arguments> calibration() {
        return Stream.of(
                Arguments.of("number array", "{type: array, items: {type: number}}", "maxItems", 10, "self.all(x, true)", 4718591, 32),
                Arguments.of("string array", "{type: array, items: {type: string}}", "maxItems", 20, "self.all(x, true)", 3145727, 62),
                Arguments.of("boolean array", "{type: array, items: {type: boolean}}", "maxItems", 5, "self.all(x, true)", 1887437, 17),
                Arguments.of("O(n^2) numbers", "{type: array, items: {type: number}}", "maxItems", 10,
                        "self.all(x, self.all(y, true))", -1, 352),
                Arguments.of("O(n^3) numbers", "{type: array, items: {type: number}}", "maxItems", 10,
                        "self.all(x, self.all(y, self.all(z, true)))", -1, 3552),
                Arguments.of("string contains", "{type: string}", "maxLength", 10, "self.contains('test')", 314574, 5),
                Arguments.of("string startsWith", "{type: string}", "maxLength", 15, "self.startsWith('test')", 2, 2),
                Arguments.of("string endsWith", "{type: string}", "maxLength", 30, "self.endsWith('test')", 2, 2),
                Arguments.of("concat string", "{type: string}", "maxLength", 4, "size(self + \"hello\") > size(\"hello\")", 314578, 7),
                Arguments.of("index of string array", "{type: array, items: {type: string}}", "maxItems", 8,
                        "self[1] == self[1]", 314577, 314577),
                Arguments.of("regex", "{type: string}", "maxLength", 50, "self.matches(\"x\")", 314574, 22),
                Arguments.of("string equality", "{type: string}", "maxLength", 0, "self == \"x\"", 2, 1),
                Arguments.of("lowerAscii", "{type: string}", "maxLength", 10, "self.lowerAscii() == 'lower!'", 314575, 6),
                Arguments.of("enum", "{type: string, enum: [A, B, C, LongValue]}", "maxLength", 1000, "self.contains('A')", 2, 401),
                Arguments.of("size calls", "{type: object, additionalProperties: {type: integer}}", "maxProperties", 10,
                        "oldSelf.size() == self.size()", 5, 5),
                Arguments.of("array of number maps", "{type: array, items: {type: object, additionalProperties: {type: number}}}",
                        "maxItems", 12, "self.all(x, x.y == 25.2)", -1, 74));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("calibration")
    void theEstimatorReproducesKubernetesPublishedCosts(String name, String schema, String bound, int max, String rule,
            long unboundedCost, long boundedCost) throws Exception {
        if (unboundedCost >= 0) {
            assertThat(estimate(schema, rule).expressionCost()).as("without " + bound).isEqualTo(unboundedCost);
        }
        JsonNode withBound = yaml(schema);
        ((ObjectNode) withBound).put(bound, max);
        if (withBound.path("items").path("type").asText().equals("object")) {
            ((ObjectNode) withBound.get("items")).put("maxProperties", max);
        }
        assertThat(estimate(withBound, rule).expressionCost()).as(bound + " " + max).isEqualTo(boundedCost);
    }

    // ---------------------------------------------------------------- helpers

    private static Estimate estimate(String schemaYaml, String rule) throws Exception {
        return estimate(yaml(schemaYaml), rule);
    }

    private static Estimate estimate(JsonNode schema, String rule) throws Exception {
        RuleSite site = new RuleSite("test", LISTENERS, 0, rule, schema, 1, List.of());
        return CelCostEstimator.estimate(site, CelRules.compile(rule).getExpr());
    }

    private static boolean matches(Example x, RuleSite site) {
        return x.crd().equals(site.crd()) && x.path().equals(site.path()) && x.rule().equals(site.rule());
    }

    private static String describe(RuleSite site) {
        return "CRD " + site.crd() + ", " + site.where() + " `" + site.rule() + "`";
    }

    private static String refusal(RuleSite site, Estimate e) {
        StringBuilder b = new StringBuilder(describe(site)).append(": estimated cost ").append(String.format("%,d", e.cost()))
                .append(" (expression ").append(String.format("%,d", e.expressionCost())).append(" x cardinality ")
                .append(String.format("%,d", e.cardinality())).append(")");
        if (e.exceedsLimit()) {
            b.append(" exceeds the API server's per-rule limit ").append(String.format("%,d", CelCostEstimator.STATIC_ESTIMATED_COST_LIMIT))
                    .append(" (StaticEstimatedCostLimit): the CRD would be refused");
        }
        for (String m : e.missingBounds()) {
            b.append("; ").append(m);
        }
        for (String p : e.problems()) {
            b.append("; ").append(p);
        }
        return b.toString();
    }

    private static JsonNode yaml(String text) {
        try {
            return CrdSchemas.YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
