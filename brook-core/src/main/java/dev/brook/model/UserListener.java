package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerStatus;
import dev.brook.api.v1alpha1.UserAuthentication;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A client listener as a user's client sees it: where it is, whether it is TLS, how it authenticates.
 *
 * @param bootstrap     bootstrap.servers of the listener, null while the Cluster has not published it
 * @param authentication the listener's mechanism, null for none
 */
public record UserListener(String name, String bootstrap, boolean tls, ListenerAuthentication.Type authentication) {

    /** The Cluster's client listeners, in spec order, with the bootstrap addresses its status publishes. */
    public static List<UserListener> of(Cluster cluster) {
        List<UserListener> out = new ArrayList<>();
        List<ListenerStatus> published = cluster.getStatus() == null || cluster.getStatus().getListeners() == null ? List.of()
                : cluster.getStatus().getListeners();
        for (ListenerSpec spec : ClusterDefaults.listeners(cluster.getSpec())) {
            String bootstrap = published.stream().filter(s -> Objects.equals(s.getName(), spec.getName()))
                    .map(ListenerStatus::getBootstrapServers).filter(Objects::nonNull).findFirst().orElse(null);
            out.add(new UserListener(spec.getName(), bootstrap, Boolean.TRUE.equals(spec.getTls()),
                    spec.getAuthentication() == null ? null : spec.getAuthentication().getType()));
        }
        return out;
    }

    /** Whether a user that logs in with {@code type} can log in here. */
    public boolean accepts(UserAuthentication.Type type) {
        return authentication != null && authentication.name().equals(type.name());
    }
}
