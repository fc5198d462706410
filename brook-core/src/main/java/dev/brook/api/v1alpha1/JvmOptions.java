package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.TreeMap;

/** JVM settings of the agent process (ZooKeeper or Kafka runs inside it). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class JvmOptions {
    public static final String HEAP_PATTERN = "^[0-9]+[kKmMgG]?$";

    @JsonPropertyDescription("Initial heap (-Xms), e.g. 512m.")
    @Pattern(HEAP_PATTERN)
    @Size(max = 64)
    private String xms;

    @JsonPropertyDescription("Maximum heap (-Xmx), e.g. 1g.")
    @Pattern(HEAP_PATTERN)
    @Size(max = 64)
    private String xmx;

    @JsonPropertyDescription("Extra Java system properties (-Dkey=value; at most 100, values of at most 4096 characters).")
    @Size(max = 100)
    private Map<String, @Size(max = 4096) String> systemProperties = new TreeMap<>();

    @JsonPropertyDescription("Keep a class-data sharing archive of the JVM on the pod's data volume (default true): a restart maps the classes "
            + "it needs instead of loading them again (about half of a broker's start). The first graceful stop after a new image or JDK writes it "
            + "(50-60 MiB for a broker; that stop takes a few seconds longer). false: no archive is read or written.")
    private Boolean classDataArchive;

    public String getXms() { return xms; }
    public void setXms(String xms) { this.xms = xms; }
    public String getXmx() { return xmx; }
    public void setXmx(String xmx) { this.xmx = xmx; }
    public Map<String, String> getSystemProperties() { return systemProperties; }
    public void setSystemProperties(Map<String, String> systemProperties) { this.systemProperties = systemProperties; }
    public Boolean getClassDataArchive() { return classDataArchive; }
    public void setClassDataArchive(Boolean classDataArchive) { this.classDataArchive = classDataArchive; }
}
