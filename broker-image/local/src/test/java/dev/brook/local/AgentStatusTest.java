package dev.brook.local;

import dev.brook.contract.StatusFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader of the agent's status JSON, on text as the agent writes it (live agents: ClusterDeliveryTest, NodeFailureTest). */
class AgentStatusTest {
    @Test
    void readsWhatTheBrokerAgentWrites() {
        AgentStatus status = AgentStatus.parse("{\"role\":\"broker\",\"pod\":\"c1-broker-2\",\"live\":true,\"ready\":false,"
                + "\"brokerId\":2,\"brokerState\":\"RECOVERY\",\"remainingLogsToRecover\":17,\"registeredInZookeeper\":false,"
                + "\"controller\":false}\n");
        assertThat(status.role()).isEqualTo("broker");
        assertThat(status.pod()).isEqualTo("c1-broker-2");
        assertThat(status.live()).isTrue();
        assertThat(status.ready()).isFalse();
        assertThat(status.brokerState()).contains("RECOVERY");
        assertThat(status.remainingLogsToRecover()).isEqualTo(17);
        assertThat(status.recovering()).isTrue();
        assertThat(status.number(StatusFields.BROKER_ID)).contains(2L);
        assertThat(status.leading()).isFalse();
        assertThat(status.json()).endsWith("\"controller\":false}");
    }

    @Test
    void readsWhatTheZookeeperAgentWrites() {
        AgentStatus status = AgentStatus.parse("{ \"role\" : \"zookeeper\", \"pod\":\"c1-zookeeper-0\", \"live\":true, \"ready\":true,"
                + " \"serverId\":1, \"ensembleSize\":3, \"peerState\":\"leading\", \"leaderId\":1 }");
        assertThat(status.leading()).isTrue();
        assertThat(status.peerState()).contains(StatusFields.PEER_LEADING);
        assertThat(status.recovering()).isFalse();
        assertThat(status.fields()).containsKeys(StatusFields.SERVER_ID, StatusFields.ENSEMBLE_SIZE, StatusFields.LEADER_ID);
    }

    @Test
    void escapesAndNullsAsTheAgentRendersThem() {
        AgentStatus status = AgentStatus.parse("{\"pod\":\"a\\\"b\\\\c\\n\\u0001\",\"x\":null,\"d\":-1.5}");
        assertThat(status.pod()).isEqualTo("a\"b\\c\n\u0001");
        assertThat(status.text("x")).isEmpty();
        assertThat(status.fields()).containsKey("x");
        assertThat(status.fields().get("d")).isEqualTo(-1.5);
    }

    @Test
    void somethingElseIsRefusedWithWhereItWentWrong() {
        assertThatThrownBy(() -> AgentStatus.parse("ready")).hasMessageContaining("expected '{' at offset 0");
        assertThatThrownBy(() -> AgentStatus.parse("{\"a\":{\"b\":1}}")).hasMessageContaining("a string, number, boolean or null");
        assertThatThrownBy(() -> AgentStatus.parse("{\"a\":1")).hasMessageContaining("more text");
    }

    @Test
    void nothingAnsweringIsEmpty() {
        assertThat(AgentStatus.read("127.0.0.1", 1)).isEmpty();
        assertThat(AgentStatus.isReady("127.0.0.1", 1)).isFalse();
    }
}
