package dev.brook.agent.broker;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A broker killed without a clean stop leaves its ephemeral {@code /brokers/ids/<id>} in ZooKeeper
 * until its session expires ({@code zookeeper.session.timeout.ms}). Kafka started in that window fails
 * with NodeExists. The agent therefore waits, bounded, until the stale registration is gone, so a pod
 * restarted right after a crash starts instead of crash-looping.
 *
 * <p>With TLS it connects like the broker does, with the pod's key store ({@link #tlsClientConfig}); reading whether
 * a znode exists needs no ACL permission.
 */
final class StaleRegistrationWait {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRegistrationWait.class);

    private StaleRegistrationWait() {
    }

    /**
     * A raw ZooKeeper client's settings for mutual TLS with PEM files. Unlike Kafka's {@code zookeeper.ssl.keystore.*},
     * ZooKeeper's own keys are camel case ({@code keyStore}, {@code trustStore}), and the Netty socket is required.
     * Host names are checked (ZooKeeper's default), as the broker's own client does.
     */
    static ZKClientConfig tlsClientConfig(String keyStorePem, String trustBundlePem) {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ServerProperties.NETTY_CLIENT_SOCKET);
        config.setProperty("zookeeper.ssl.keyStore.location", keyStorePem);
        config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
        config.setProperty("zookeeper.ssl.trustStore.location", trustBundlePem);
        config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
        return config;
    }

    static void await(String pod, String zookeeperConnect, int brokerId, Duration sessionTimeout) {
        await(pod, zookeeperConnect, brokerId, sessionTimeout, new ZKClientConfig());
    }

    static void await(String pod, String zookeeperConnect, int brokerId, Duration sessionTimeout, ZKClientConfig clientConfig) {
        Duration bound = sessionTimeout.multipliedBy(2).plusSeconds(5);
        String path = "/brokers/ids/" + brokerId;
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = null;
        try {
            zk = new ZooKeeper(zookeeperConnect, (int) sessionTimeout.toMillis(), event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            }, clientConfig);
            if (!connected.await(sessionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("{}: ZooKeeper not reachable within {} ms; leaving the registration check to Kafka", pod, sessionTimeout.toMillis());
                return;
            }
            Stat stat = zk.exists(path, false);
            if (stat == null) {
                return;
            }
            LOG.info("{}: {} is still held by the previous session 0x{}; waiting up to {} ms for it to expire", pod, path,
                    Long.toHexString(stat.getEphemeralOwner()), bound.toMillis());
            long begin = System.nanoTime();
            long deadline = begin + bound.toNanos();
            while (zk.exists(path, false) != null) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{}: {} still present after {} ms; starting anyway", pod, path, bound.toMillis());
                    return;
                }
                Thread.sleep(250);
            }
            LOG.info("{}: stale registration {} expired after {} ms", pod, path, (System.nanoTime() - begin) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KeeperException | java.io.IOException e) {
            LOG.info("{}: could not check {} ({}); leaving it to Kafka", pod, path, e.toString());
        } finally {
            if (zk != null) {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
