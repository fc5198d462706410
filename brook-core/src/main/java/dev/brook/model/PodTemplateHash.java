package dev.brook.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Stamps a StatefulSet's pod template with a hash of the template itself ({@code brook.dev/template-hash}).
 * Pods keep the annotation they were created with (updateStrategy OnDelete), so a pod whose
 * annotation differs runs an outdated template: other agent inputs (the config hash is part of the
 * template), JVM options, resources or image. The rolling restart compares exactly this.
 */
public final class PodTemplateHash {
    public static final String ANNOTATION = "brook.dev/template-hash";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodTemplateHash() {
    }

    public static StatefulSet stamp(StatefulSet set) {
        var metadata = set.getSpec().getTemplate().getMetadata();
        TreeMap<String, String> annotations = new TreeMap<>(metadata.getAnnotations() == null ? java.util.Map.of() : metadata.getAnnotations());
        annotations.remove(ANNOTATION);
        metadata.setAnnotations(annotations);
        String hash = hash(set.getSpec().getTemplate());
        annotations.put(ANNOTATION, hash);
        metadata.setAnnotations(annotations);
        return set;
    }

    public static String of(StatefulSet set) {
        var annotations = set.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    private static String hash(Object template) {
        try {
            byte[] json = JSON.writeValueAsBytes(template);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
