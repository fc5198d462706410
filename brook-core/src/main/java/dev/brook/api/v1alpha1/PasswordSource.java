package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A password the user keeps in a Secret of their own (same namespace). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PasswordSource {
    @JsonPropertyDescription("Name of the Secret (same namespace as the User).")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    private String secretName;

    @JsonPropertyDescription("Key in that Secret that holds the password (at least 8 characters). Default: password.")
    @Pattern("^[-._a-zA-Z0-9]+$")
    @Size(max = 253)
    private String key;

    public static final String DEFAULT_KEY = "password";

    public String getSecretName() { return secretName; }
    public void setSecretName(String secretName) { this.secretName = secretName; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}
