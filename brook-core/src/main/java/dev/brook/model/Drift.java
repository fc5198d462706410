package dev.brook.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a live object still holds what Brook wants in it. Every field of the desired object must be in
 * the live object with the same value; what the live object has on top (API server defaults such as a
 * Service's clusterIP or a container's terminationMessagePath, fields other managers set, status) is not
 * Brook's and is left alone. So a {@code kubectl scale} or {@code kubectl edit} of a field Brook sets is
 * found and put back, whatever annotations the edited object kept.
 *
 * <p>Equal means equal in meaning: resource quantities compare by amount ({@code 1000m} is {@code 1}, as the
 * API server may write it), numbers by value, and an empty map or list Brook sends matches an absent field
 * (the API server drops empty ones), so an empty one is no requirement. Lists compare item by item and
 * must have the same length.
 */
public final class Drift {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Metadata the API server or other controllers own; Brook sets only labels, annotations and owner references. */
    private static final Set<String> COMPARED_METADATA = Set.of("labels", "annotations", "ownerReferences");
    /** Maps whose string values are resource quantities. */
    private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits", "capacity");

    private Drift() {
    }

    /** The first difference ({@code path: live value, want desired value}), or empty when the live object holds everything desired. */
    public static Optional<String> between(HasMetadata desired, HasMetadata live) {
        JsonNode want = JSON.valueToTree(desired);
        JsonNode have = JSON.valueToTree(live);
        for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.equals("status") || key.equals("apiVersion") || key.equals("kind")) {
                continue;
            }
            if (key.equals("metadata")) {
                for (String part : COMPARED_METADATA) {
                    Optional<String> d = difference("metadata." + part, field.getValue().get(part), have.path("metadata").get(part), false);
                    if (d.isPresent()) {
                        return d;
                    }
                }
                continue;
            }
            Optional<String> d = difference(key, field.getValue(), have.get(key), false);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> difference(String path, JsonNode want, JsonNode have, boolean quantity) {
        if (want == null || want.isNull() || isEmptyContainer(want)) {
            // Nothing to hold: the API server stores an empty map or list Brook sends as absent.
            return Optional.empty();
        }
        if (have == null || have.isNull()) {
            return Optional.of(path + ": missing, want " + brief(want));
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return Optional.of(path + ": has " + brief(have) + ", want " + brief(want));
            }
            boolean quantities = QUANTITY_MAPS.contains(path.substring(path.lastIndexOf('.') + 1));
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<String> d = difference(path + "." + field.getKey(), field.getValue(), have.get(field.getKey()), quantities);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return Optional.of(path + ": has " + brief(have) + ", want " + brief(want));
            }
            for (int i = 0; i < want.size(); i++) {
                Optional<String> d = difference(path + "[" + i + "]", want.get(i), have.get(i), false);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return sameScalar(want, have, quantity) ? Optional.empty() : Optional.of(path + ": has " + brief(have) + ", want " + brief(want));
    }

    private static boolean sameScalar(JsonNode want, JsonNode have, boolean quantity) {
        if (want.equals(have)) {
            return true;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        if (quantity && want.isTextual() && have.isTextual()) {
            try {
                BigDecimal a = Quantity.getAmountInBytes(new Quantity(want.asText()));
                BigDecimal b = Quantity.getAmountInBytes(new Quantity(have.asText()));
                return a.compareTo(b) == 0;
            } catch (IllegalArgumentException notAQuantity) {
                return false;
            }
        }
        return false;
    }

    private static boolean isEmptyContainer(JsonNode node) {
        return node.isContainerNode() && node.isEmpty();
    }

    private static String brief(JsonNode node) {
        String text = node == null ? "nothing" : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
