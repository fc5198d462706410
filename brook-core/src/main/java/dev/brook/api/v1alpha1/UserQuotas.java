package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Kafka's client quotas for one user (across all its client ids). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserQuotas {
    @JsonPropertyDescription("Bytes per second the user may produce, per broker (Kafka's producer_byte_rate).")
    @Min(1024)
    private Long producerByteRate;

    @JsonPropertyDescription("Bytes per second the user may fetch, per broker (consumer_byte_rate).")
    @Min(1024)
    private Long consumerByteRate;

    @JsonPropertyDescription("Share of a broker's request handler and network threads' time, in percent of one thread "
            + "(request_percentage).")
    @Min(1)
    @Max(10000)
    private Integer requestPercentage;

    @JsonPropertyDescription("Partitions per second the user may create or delete (controller_mutation_rate).")
    @Min(1)
    @Max(1000000)
    private Integer controllerMutationRate;

    public Long getProducerByteRate() { return producerByteRate; }
    public void setProducerByteRate(Long producerByteRate) { this.producerByteRate = producerByteRate; }
    public Long getConsumerByteRate() { return consumerByteRate; }
    public void setConsumerByteRate(Long consumerByteRate) { this.consumerByteRate = consumerByteRate; }
    public Integer getRequestPercentage() { return requestPercentage; }
    public void setRequestPercentage(Integer requestPercentage) { this.requestPercentage = requestPercentage; }
    public Integer getControllerMutationRate() { return controllerMutationRate; }
    public void setControllerMutationRate(Integer controllerMutationRate) { this.controllerMutationRate = controllerMutationRate; }
}
