package dev.brook.operator.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads rendered objects into the typed fabric8 model the way an API server reads them: an unknown
 * field or a value of the wrong type is an error.
 *
 * <p>Two fabric8 defaults would hide exactly the mistakes a chart makes, so they are turned off:
 * every model class has a {@code @JsonAnySetter} that files unknown fields under
 * {@code additionalProperties} (so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone never fires; the
 * any-setters are removed here), and Jackson coerces {@code 1} into a {@code String} field and
 * {@code "1"} into an {@code int} field (the API server refuses both; an unquoted env value is the
 * classic Helm bug).
 */
final class StrictKubernetesModel {
    /** apiVersion + kind -> fabric8 class. A kind not listed here is refused. */
    static final Map<String, Class<?>> TYPED = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "apps/v1/Deployment", Deployment.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
            "rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class,
            "rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class,
            "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class);

    static final ObjectMapper MAPPER = strictMapper();

    // https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ and labels/
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private StrictKubernetesModel() {
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noAnySetters = new SimpleModule("brook-no-any-setters");
        noAnySetters.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription beanDesc,
                    BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(noAnySetters)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    static Optional<Class<?>> typeOf(JsonNode object) {
        return Optional.ofNullable(TYPED.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText()));
    }

    /** Problems of one Kubernetes object; empty when the API server would accept its shape. */
    static List<String> violations(JsonNode object) {
        List<String> problems = new ArrayList<>(metadataViolations(object));
        Optional<Class<?>> type = typeOf(object);
        if (type.isEmpty()) {
            problems.add("no typed model for " + object.path("apiVersion").asText() + " " + object.path("kind").asText()
                    + " (a kind the chart is not expected to render)");
            return problems;
        }
        try {
            MAPPER.treeToValue(object, type.get());
        } catch (JsonProcessingException e) {
            problems.add(type.get().getSimpleName() + ": " + e.getOriginalMessage() + " at " + path(e));
        }
        return problems;
    }

    /** Name and label rules the API server enforces and Jackson cannot know. */
    static List<String> metadataViolations(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String name = object.at("/metadata/name").asText("");
        String kind = object.path("kind").asText();
        boolean nameOk = "Service".equals(kind)
                ? name.length() <= 63 && DNS_LABEL.matcher(name).matches()
                : name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
        if (!nameOk) {
            problems.add(kind + " name '" + name + "' is not a valid object name");
        }
        String namespace = object.at("/metadata/namespace").asText("");
        if (!namespace.isEmpty() && !(namespace.length() <= 63 && DNS_LABEL.matcher(namespace).matches())) {
            problems.add(kind + " " + name + ": namespace '" + namespace + "' is not a valid namespace name");
        }
        object.at("/metadata/labels").fields().forEachRemaining(e -> {
            String key = e.getKey();
            String keyName = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
            if (keyName.length() > 63 || !LABEL_NAME.matcher(keyName).matches()
                    || (!prefix.isEmpty() && !(prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()))) {
                problems.add(kind + " " + name + ": invalid label key '" + key + "'");
            }
            if (!e.getValue().isTextual()) {
                problems.add(kind + " " + name + ": label " + key + " is not a string: " + e.getValue());
            } else if (e.getValue().asText().length() > 63 || !LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
                problems.add(kind + " " + name + ": invalid value of label " + key + ": '" + e.getValue().asText() + "'");
            }
        });
        object.at("/metadata/annotations").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                problems.add(kind + " " + name + ": annotation " + e.getKey() + " is not a string: " + e.getValue());
            }
        });
        return problems;
    }

    static <T> T read(JsonNode object, Class<T> type) {
        try {
            return MAPPER.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(type.getSimpleName() + " does not deserialize strictly: " + e.getOriginalMessage()
                    + " at " + path(e), e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            StringBuilder sb = new StringBuilder("$");
            for (var ref : m.getPath()) {
                sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            }
            return sb.toString();
        }
        return "?";
    }
}
