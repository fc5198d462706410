package dev.brook.operator.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Deep copies of status objects and resources, so a reconcile computes the next state without touching the cached one. */
public final class DeepCopies {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DeepCopies() {
    }

    public static <S> S copy(S status, Class<S> type) {
        try {
            if (status == null) {
                return type.getDeclaredConstructor().newInstance();
            }
            return JSON.treeToValue(JSON.valueToTree(status), type);
        } catch (ReflectiveOperationException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot copy " + type.getSimpleName(), e);
        }
    }
}
