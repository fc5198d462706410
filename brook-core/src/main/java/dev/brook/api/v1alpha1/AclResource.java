package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What an ACL rule is about: a topic, a consumer group, the cluster, or a transactional id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'cluster' || has(self.name)", message = "name is required for topic, group and transactionalId")
@ValidationRule(value = "self.type != 'cluster' || !has(self.name) || self.name == 'kafka-cluster'",
        message = "the cluster resource's name is kafka-cluster (or leave it out)")
@ValidationRule(value = "self.type != 'cluster' || !has(self.patternType) || self.patternType == 'literal'",
        message = "the cluster resource takes patternType literal only")
public class AclResource {
    /** Kafka's resource types that ACLs name. */
    public enum Type {
        @JsonProperty("topic") TOPIC,
        @JsonProperty("group") GROUP,
        @JsonProperty("cluster") CLUSTER,
        @JsonProperty("transactionalId") TRANSACTIONAL_ID
    }

    /** Whether the name is the whole name or its beginning. */
    public enum PatternType {
        @JsonProperty("literal") LITERAL,
        @JsonProperty("prefix") PREFIX
    }

    /** The only name of the cluster resource in Kafka. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    @JsonPropertyDescription("topic, group, cluster or transactionalId.")
    @Required
    @Size(max = 15)
    private Type type;

    @JsonPropertyDescription("The resource's name, or its beginning with patternType prefix; * means every resource of the type. "
            + "Not needed for cluster.")
    @Size(min = 1, max = 255)
    private String name;

    @JsonPropertyDescription("literal (default): the name as it is (or * for all); prefix: every name that starts with it.")
    @Default("literal")
    @Size(max = 7)
    private PatternType patternType = PatternType.LITERAL;

    public AclResource() {
    }

    public AclResource(Type type, String name, PatternType patternType) {
        this.type = type;
        this.name = name;
        this.patternType = patternType;
    }

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public PatternType getPatternType() { return patternType; }
    public void setPatternType(PatternType patternType) { this.patternType = patternType; }
}
