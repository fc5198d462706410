package dev.brook.contract;

import java.security.Security;

/**
 * How long Brook's JVMs (the agent with its ZooKeeper or Kafka, the operator, {@code brook local}) keep DNS
 * answers. A restarted pod usually comes back with a new IP under the same name; the JVM's default keeps a
 * positive answer 30 s and a failed one 10 s, so a peer would dial the old address (or give up on a name not
 * published yet) for that long after every restart. Brook keeps answers {@value #POSITIVE_SECONDS} s and
 * failures {@value #NEGATIVE_SECONDS} s: short enough that a moved pod is found on the next retry, long
 * enough that a busy client does not ask the cluster DNS for every connection.
 *
 * <p>The JVM reads these settings once, at its first lookup: {@link #apply()} must run first thing in
 * {@code main}. A value set by the administrator ({@code java.security} or {@code -Dsun.net.inetaddr.ttl})
 * is kept.
 */
public final class DnsCaching {
    public static final int POSITIVE_SECONDS = 5;
    public static final int NEGATIVE_SECONDS = 1;
    static final String POSITIVE = "networkaddress.cache.ttl";
    static final String NEGATIVE = "networkaddress.cache.negative.ttl";

    private DnsCaching() {
    }

    /** Sets Brook's DNS cache times unless already configured; returns a line that says what applies. */
    public static String apply() {
        boolean positive = set(POSITIVE, "sun.net.inetaddr.ttl", POSITIVE_SECONDS);
        boolean negative = set(NEGATIVE, "sun.net.inetaddr.negative.ttl", NEGATIVE_SECONDS);
        return "DNS answers cached " + Security.getProperty(POSITIVE) + " s, failures " + Security.getProperty(NEGATIVE) + " s"
                + (positive && negative ? "" : " (partly set by the JVM's configuration)");
    }

    private static boolean set(String securityProperty, String systemProperty, int seconds) {
        String configured = Security.getProperty(securityProperty);
        if (System.getProperty(systemProperty) != null) {
            Security.setProperty(securityProperty, System.getProperty(systemProperty));
            return false;
        }
        // The JDK ships "networkaddress.cache.negative.ttl=10" in java.security; only a value other than the
        // shipped default counts as the administrator's.
        if (configured != null && !configured.isBlank() && !(securityProperty.equals(NEGATIVE) && configured.trim().equals("10"))) {
            return false;
        }
        Security.setProperty(securityProperty, Integer.toString(seconds));
        return true;
    }
}
