package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One rule of Kafka's ACL authorizer for a user: on this resource, these operations, allowed or denied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AclRule {
    /** Kafka's ACL operations (org.apache.kafka.common.acl.AclOperation). */
    public enum Operation { Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, All }

    /** Allow or deny. */
    public enum Permission {
        @JsonProperty("allow") ALLOW,
        @JsonProperty("deny") DENY
    }

    @JsonPropertyDescription("The resource the rule is about.")
    @Required
    private AclResource resource;

    @JsonPropertyDescription("Operations: Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, "
            + "IdempotentWrite or All (which ones apply depends on the resource type, as in Kafka).")
    @Required
    @Size(min = 1, max = 11)
    private List<Operation> operations = new ArrayList<>();

    @JsonPropertyDescription("Host the rule applies to (a client's IP address); default * (any).")
    @Default("\"*\"")
    @Pattern("^(\\*|[0-9a-fA-F.:]{2,45})$")
    @Size(max = 45)
    private String host = "*";

    @JsonPropertyDescription("allow (default) or deny; a deny wins over an allow.")
    @Default("allow")
    private Permission type = Permission.ALLOW;

    public AclRule() {
    }

    public AclRule(AclResource resource, List<Operation> operations) {
        this.resource = resource;
        this.operations = new ArrayList<>(operations);
    }

    public AclResource getResource() { return resource; }
    public void setResource(AclResource resource) { this.resource = resource; }
    public List<Operation> getOperations() { return operations; }
    public void setOperations(List<Operation> operations) { this.operations = operations; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public Permission getType() { return type; }
    public void setType(Permission type) { this.type = type; }
}
