package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.OffsetResetTarget;
import dev.brook.api.v1alpha1.PartitionOffset;
import dev.brook.api.v1alpha1.Topic;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the schema cannot refuse (or CEL rules no test validator evaluates) is refused here, naming the field. */
class ValidationTest {

    @Test
    void defaultClusterIsValid() {
        assertThat(ClusterValidation.problems(cluster())).isEmpty();
    }

    @Test
    void clusterProblemsNameTheField() {
        Cluster c = cluster();
        c.getSpec().setVersion("3.7.0");
        c.getSpec().getZookeeper().setReplicas(4);
        c.getSpec().getBrokers().setConfig(Map.of("zookeeper.connect", "x:2181", "advertised.listeners", "y", "num.network.threads", "5"));
        c.getSpec().getBrokers().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("plain", 9093, ListenerType.NODEPORT), new ListenerSpec("replication", 9094, ListenerType.INTERNAL),
                new ListenerSpec("metrics", 9191, ListenerType.INTERNAL)));
        assertThat(ClusterValidation.problems(c)).extracting(SpecProblem::field).containsExactly(
                "spec.version", "spec.zookeeper.replicas", "spec.brokers.config.advertised.listeners",
                "spec.brokers.config.zookeeper.connect", "spec.brokers.listeners[1].name", "spec.brokers.listeners[2].name",
                "spec.brokers.listeners[3].port");
        assertThat(ClusterValidation.problems(c).get(1).message()).contains("odd");
    }

    @Test
    void brokerConfigValuesAreCheckedAgainstKafkasDefinitionsBeforeAnythingRestarts() {
        Cluster c = cluster();
        c.getSpec().getBrokers().setConfig(new java.util.TreeMap<>(Map.of("log.retention.hours", "soon", "num.io.threads", "0",
                "log.cleanup.policy", "delete", "auto.create.topics.enable", "false", "my.plugin.setting", "anything")));
        List<SpecProblem> problems = ClusterValidation.problems(c);
        assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.brokers.config.log.retention.hours",
                "spec.brokers.config.num.io.threads");
        assertThat(problems.get(0).message()).contains("'soon' is not a number of type INT");
        assertThat(problems.get(1).message()).contains("at least 1");
    }

    @Test
    void listenerAuthenticationAndAuthorizationProblemsSayWhatToSet() {
        Cluster c = cluster();
        ListenerSpec mtls = new ListenerSpec("mtls", 9093, ListenerType.INTERNAL);
        mtls.setAuthentication(authentication(ListenerAuthentication.Type.TLS));
        ListenerSpec scram = new ListenerSpec("scram", 9094, ListenerType.INTERNAL);
        scram.setAuthentication(authentication(ListenerAuthentication.Type.SCRAM_SHA_512));
        c.getSpec().getBrokers().setListeners(List.of(mtls, scram));
        c.getSpec().setSecurity(new dev.brook.api.v1alpha1.SecuritySpec());
        c.getSpec().getSecurity().setInternalTls(false);
        c.getSpec().getSecurity().setAuthorization(new dev.brook.api.v1alpha1.AuthorizationSpec());
        c.getSpec().getSecurity().getAuthorization().setType(dev.brook.api.v1alpha1.AuthorizationSpec.Type.SIMPLE);
        c.getSpec().getSecurity().getAuthorization().setSuperUsers(List.of("User:admin", "admin"));
        List<SpecProblem> problems = ClusterValidation.problems(c);
        assertThat(problems).extracting(SpecProblem::field).containsExactly("spec.security.authorization",
                "spec.security.authorization.superUsers[1]", "spec.brokers.listeners[0].authentication.type",
                "spec.brokers.listeners[1].authentication.type");
        assertThat(problems.get(2).message()).contains("tls: true");
        assertThat(problems.get(3).message()).contains("allowPlaintext: true");

        c.getSpec().getSecurity().setInternalTls(null);
        c.getSpec().getSecurity().getAuthorization().setSuperUsers(List.of("User:admin"));
        mtls.setTls(true);
        scram.getAuthentication().setAllowPlaintext(true);
        assertThat(ClusterValidation.problems(c)).isEmpty();
        assertThat(ClusterTls.superUsers(c)).as("Brook's own by their certificates' DN, as Kafka names them").containsExactly("User:CN=demo-broker,O=brook", "User:CN=brook-operator,O=brook",
                "User:admin");
        assertThat(ClusterConditions.authorization(c)).hasValueSatisfying(cond -> assertThat(cond.getReason()).isEqualTo("Enforced"));
        scram.setAuthentication(null);
        assertThat(ClusterConditions.authorization(c)).hasValueSatisfying(cond -> assertThat(cond.getMessage())
                .contains("listener(s) scram do not authenticate clients: they are User:ANONYMOUS"));
    }

    private static ListenerAuthentication authentication(ListenerAuthentication.Type type) {
        ListenerAuthentication a = new ListenerAuthentication();
        a.setType(type);
        return a;
    }

    @Test
    void topicNameRuleIsKafkasRule() {
        assertThat(TopicValidation.topicNameProblem("orders.v1_EU-2")).isNull();
        assertThat(TopicValidation.topicNameProblem(".")).contains("'.'");
        assertThat(TopicValidation.topicNameProblem("..")).contains("'..'");
        assertThat(TopicValidation.topicNameProblem("my orders")).contains("letters");
        assertThat(TopicValidation.topicNameProblem("x".repeat(249))).isNull();
        assertThat(TopicValidation.topicNameProblem("x".repeat(250))).contains("249");
        assertThat(TopicValidation.topicNameProblem("")).isNotNull();
    }

    @Test
    void topicWithoutClusterOrWithBadNameIsRefused() {
        Topic t = new Topic();
        t.setSpec(new dev.brook.api.v1alpha1.TopicSpec());
        t.setMetadata(new ObjectMetaBuilder().withName("ok").build());
        t.getSpec().setTopicName("..");
        assertThat(TopicValidation.problems(t)).extracting(SpecProblem::field).containsExactly("spec.cluster", "spec.topicName");
    }

    @Test
    void offsetResetNeedsWhatItsTargetNeeds() {
        ConsumerGroup g = group();
        g.getSpec().setOffsetReset(reset(OffsetResetTarget.TIMESTAMP));
        assertThat(ConsumerGroupValidation.problems(g)).extracting(SpecProblem::field).containsExactly("spec.offsetReset.timestamp");
        g.getSpec().getOffsetReset().setTimestamp("yesterday");
        assertThat(ConsumerGroupValidation.problems(g)).singleElement().extracting(SpecProblem::message).asString().contains("RFC 3339");
        g.getSpec().getOffsetReset().setTimestamp("2026-11-25T10:00:00Z");
        assertThat(ConsumerGroupValidation.problems(g)).isEmpty();

        g.getSpec().setOffsetReset(reset(OffsetResetTarget.OFFSET));
        assertThat(ConsumerGroupValidation.problems(g)).extracting(SpecProblem::field).containsExactly("spec.offsetReset.offsets");
        g.getSpec().getOffsetReset().setOffsets(List.of(new PartitionOffset("orders", 0, -1)));
        assertThat(ConsumerGroupValidation.problems(g)).extracting(SpecProblem::field).containsExactly("spec.offsetReset.offsets[0].offset");
        g.getSpec().getOffsetReset().setOffsets(List.of(new PartitionOffset("orders", 0, 5)));
        assertThat(ConsumerGroupValidation.problems(g)).isEmpty();
        assertThat(ConsumerGroupValidation.parseTimestamp("2026-11-25T10:00:00+01:00")).isEqualTo(java.time.Instant.parse("2026-11-25T09:00:00Z").toEpochMilli());
    }

    private static OffsetReset reset(OffsetResetTarget to) {
        OffsetReset r = new OffsetReset();
        r.setId("r1");
        r.setTo(to);
        return r;
    }

    private static ConsumerGroup group() {
        ConsumerGroup g = new ConsumerGroup();
        g.setSpec(new dev.brook.api.v1alpha1.ConsumerGroupSpec());
        g.setMetadata(new ObjectMetaBuilder().withName("g").build());
        g.getSpec().setCluster("demo");
        return g;
    }

    private static Cluster cluster() {
        Cluster c = new Cluster();
        c.setSpec(new dev.brook.api.v1alpha1.ClusterSpec());
        c.setMetadata(new ObjectMetaBuilder().withName("demo").build());
        return c;
    }
}
