package dev.brook.contract;

import java.util.Comparator;

/** Sorts host:port lists deterministically (by host text, then port) so rendered server lists are stable. */
enum HostPortOrder implements Comparator<HostPort> {
    INSTANCE;

    @Override
    public int compare(HostPort a, HostPort b) {
        int byHost = a.host().compareTo(b.host());
        return byHost != 0 ? byHost : Integer.compare(a.port(), b.port());
    }
}
