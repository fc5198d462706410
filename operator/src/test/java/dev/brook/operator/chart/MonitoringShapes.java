package dev.brook.operator.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Structural checks of the Prometheus Operator kinds (monitoring.coreos.com/v1), which fabric8's
 * core model does not include: required fields present with the right JSON types, durations in
 * Prometheus syntax, and no field outside the ones the Prometheus Operator API defines (a typo there
 * would be pruned silently by the API server and the scrape or alert would quietly not work).
 *
 * <p>If {@code io.fabric8:openshift-model-monitoring} is on the test classpath, each object is also
 * read strictly into its typed class, like the core kinds.
 */
final class MonitoringShapes {
    static final String API_VERSION = "monitoring.coreos.com/v1";
    static final Set<String> KINDS = Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule");

    /** Prometheus duration, as the Prometheus Operator CRDs validate it. */
    static final Pattern DURATION = Pattern.compile("(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)");

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");
    private static final Set<String> NAMESPACE_SELECTOR = Set.of("any", "matchNames");
    private static final Set<String> LABEL_SELECTOR = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> RELABEL = Set.of("sourceLabels", "separator", "targetLabel", "regex", "modulus",
            "replacement", "action");
    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("jobLabel", "targetLabels", "podTargetLabels",
            "endpoints", "selector", "namespaceSelector", "sampleLimit", "targetLimit", "labelLimit",
            "labelNameLengthLimit", "labelValueLengthLimit", "keepDroppedTargets", "attachMetadata", "scrapeClass",
            "bodySizeLimit", "scrapeProtocols");
    private static final Set<String> POD_MONITOR_SPEC = Set.of("jobLabel", "podTargetLabels", "podMetricsEndpoints",
            "selector", "namespaceSelector", "sampleLimit", "targetLimit", "labelLimit", "labelNameLengthLimit",
            "labelValueLengthLimit", "keepDroppedTargets", "attachMetadata", "scrapeClass", "bodySizeLimit",
            "scrapeProtocols");
    private static final Set<String> ENDPOINT = Set.of("port", "targetPort", "path", "scheme", "params", "interval",
            "scrapeTimeout", "tlsConfig", "bearerTokenSecret", "authorization", "honorLabels", "honorTimestamps",
            "trackTimestampsStaleness", "basicAuth", "oauth2", "metricRelabelings", "relabelings", "proxyUrl",
            "followRedirects", "enableHttp2", "filterRunning");
    private static final Set<String> RULE_SPEC = Set.of("groups");
    private static final Set<String> RULE_GROUP = Set.of("name", "interval", "rules", "partial_response_strategy",
            "limit", "query_offset", "labels");
    private static final Set<String> RULE = Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels",
            "annotations");

    /** Typed classes of fabric8's optional openshift-model-monitoring module, used when present. */
    private static final Map<String, String> OPTIONAL_TYPED = Map.of(
            "ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor",
            "PodMonitor", "io.fabric8.openshift.api.model.monitoring.v1.PodMonitor",
            "PrometheusRule", "io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule");

    private MonitoringShapes() {
    }

    static boolean isMonitoring(JsonNode object) {
        return object.path("apiVersion").asText().startsWith("monitoring.coreos.com/");
    }

    static List<String> violations(JsonNode object) {
        Problems p = new Problems(object.path("kind").asText() + " " + object.at("/metadata/name").asText());
        p.addAll(StrictKubernetesModel.metadataViolations(object));
        p.expect(API_VERSION.equals(object.path("apiVersion").asText()), "apiVersion must be " + API_VERSION);
        p.onlyKeys("$", object, TOP);
        p.onlyKeys("$.metadata", object.path("metadata"), METADATA);
        JsonNode spec = object.path("spec");
        switch (object.path("kind").asText()) {
            case "ServiceMonitor" -> {
                p.onlyKeys("$.spec", spec, SERVICE_MONITOR_SPEC);
                selectorAndNamespaces(p, spec);
                endpoints(p, spec, "endpoints");
            }
            case "PodMonitor" -> {
                p.onlyKeys("$.spec", spec, POD_MONITOR_SPEC);
                selectorAndNamespaces(p, spec);
                endpoints(p, spec, "podMetricsEndpoints");
            }
            case "PrometheusRule" -> rules(p, spec);
            default -> p.add("unknown monitoring kind " + object.path("kind").asText());
        }
        typedIfAvailable(p, object);
        return p.list;
    }

    private static void selectorAndNamespaces(Problems p, JsonNode spec) {
        JsonNode selector = spec.path("selector");
        p.expect(selector.isObject(), "$.spec.selector is required");
        p.onlyKeys("$.spec.selector", selector, LABEL_SELECTOR);
        p.stringMap("$.spec.selector.matchLabels", selector.path("matchLabels"));
        p.expect(selector.path("matchLabels").size() > 0 || selector.path("matchExpressions").size() > 0,
                "$.spec.selector must not be empty (it would select every Service/Pod)");
        JsonNode ns = spec.path("namespaceSelector");
        if (!ns.isMissingNode()) {
            p.onlyKeys("$.spec.namespaceSelector", ns, NAMESPACE_SELECTOR);
            p.expect(ns.path("any").isMissingNode() || ns.path("any").isBoolean(), "$.spec.namespaceSelector.any must be a boolean");
            JsonNode names = ns.path("matchNames");
            p.expect(names.isMissingNode() || (names.isArray() && allText(names)), "$.spec.namespaceSelector.matchNames must be a list of strings");
        }
    }

    private static void endpoints(Problems p, JsonNode spec, String field) {
        JsonNode endpoints = spec.path(field);
        p.expect(endpoints.isArray() && endpoints.size() > 0, "$.spec." + field + " must be a non-empty list");
        for (int i = 0; i < endpoints.size(); i++) {
            String at = "$.spec." + field + "[" + i + "]";
            JsonNode e = endpoints.get(i);
            p.onlyKeys(at, e, ENDPOINT);
            p.expect(e.path("port").isTextual(), at + ".port must be a port name (string)");
            p.expect(e.path("path").isTextual() && e.path("path").asText().startsWith("/"), at + ".path must start with /");
            for (String d : List.of("interval", "scrapeTimeout")) {
                p.duration(at + "." + d, e.path(d));
            }
            p.expect(e.path("honorLabels").isMissingNode() || e.path("honorLabels").isBoolean(), at + ".honorLabels must be a boolean");
            JsonNode relabelings = e.path("relabelings");
            for (int r = 0; r < relabelings.size(); r++) {
                p.onlyKeys(at + ".relabelings[" + r + "]", relabelings.get(r), RELABEL);
                JsonNode sources = relabelings.get(r).path("sourceLabels");
                p.expect(sources.isMissingNode() || (sources.isArray() && allText(sources)),
                        at + ".relabelings[" + r + "].sourceLabels must be a list of strings");
            }
        }
    }

    private static void rules(Problems p, JsonNode spec) {
        p.onlyKeys("$.spec", spec, RULE_SPEC);
        JsonNode groups = spec.path("groups");
        p.expect(groups.isArray() && groups.size() > 0, "$.spec.groups must be a non-empty list");
        for (int g = 0; g < groups.size(); g++) {
            String at = "$.spec.groups[" + g + "]";
            JsonNode group = groups.get(g);
            p.onlyKeys(at, group, RULE_GROUP);
            p.expect(group.path("name").isTextual() && !group.path("name").asText().isBlank(), at + ".name is required");
            JsonNode rules = group.path("rules");
            p.expect(rules.isArray() && rules.size() > 0, at + ".rules must be a non-empty list");
            for (int r = 0; r < rules.size(); r++) {
                String ra = at + ".rules[" + r + "]";
                JsonNode rule = rules.get(r);
                p.onlyKeys(ra, rule, RULE);
                p.expect(rule.path("alert").isTextual() ^ rule.path("record").isTextual(), ra + " needs exactly one of alert, record");
                p.expect(rule.path("expr").isTextual() && !rule.path("expr").asText().isBlank(), ra + ".expr must be a non-empty string");
                p.duration(ra + ".for", rule.path("for"));
                p.stringMap(ra + ".labels", rule.path("labels"));
                p.stringMap(ra + ".annotations", rule.path("annotations"));
            }
        }
    }

    private static void typedIfAvailable(Problems p, JsonNode object) {
        String className = OPTIONAL_TYPED.get(object.path("kind").asText());
        if (className == null) {
            return;
        }
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return; // module not on the classpath: the structural checks above are the check
        }
        try {
            StrictKubernetesModel.MAPPER.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            p.add(type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static final class Problems {
        final String subject;
        final List<String> list = new ArrayList<>();

        Problems(String subject) {
            this.subject = subject;
        }

        void add(String problem) {
            list.add(subject + ": " + problem);
        }

        void addAll(List<String> problems) {
            list.addAll(problems);
        }

        void expect(boolean ok, String problem) {
            if (!ok) {
                add(problem);
            }
        }

        void onlyKeys(String at, JsonNode node, Set<String> allowed) {
            if (node.isMissingNode()) {
                return;
            }
            if (!node.isObject()) {
                add(at + " must be an object");
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    add(at + "." + key + " is not a field of the Prometheus Operator API");
                }
            }
        }

        void stringMap(String at, JsonNode node) {
            if (node.isMissingNode()) {
                return;
            }
            expect(node.isObject(), at + " must be a map");
            node.fields().forEachRemaining(e -> expect(e.getValue().isTextual(), at + "." + e.getKey() + " must be a string"));
        }

        void duration(String at, JsonNode node) {
            if (!node.isMissingNode()) {
                expect(node.isTextual() && !node.asText().isEmpty() && DURATION.matcher(node.asText()).matches(),
                        at + " must be a Prometheus duration such as 30s or 5m, not " + node);
            }
        }
    }
}
