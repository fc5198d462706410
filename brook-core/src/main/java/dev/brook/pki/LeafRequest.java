package dev.brook.pki;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a leaf certificate should say: its subject, DNS names (a wildcard as the whole left-most label is allowed, e.g.
 * the headless Service's {@code *.brokers.ns.svc.cluster.local}), IP addresses, what it is for, when it is valid and
 * the kind of key to generate for it. DNS names are kept lower case, IP addresses in one spelling, both without
 * duplicates and in the order given.
 */
public record LeafRequest(Subject subject, List<String> dnsNames, List<String> ipAddresses, Usage usage,
                          Validity validity, KeyAlgorithm keyAlgorithm) {

    public LeafRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        dnsNames = normalised(dnsNames, SubjectAlternativeNames::dnsName);
        ipAddresses = normalised(ipAddresses, SubjectAlternativeNames::ipAddress);
    }

    public static Builder builder(Subject subject) {
        return new Builder(subject);
    }

    public static Builder builder(String commonName) {
        return new Builder(Subject.of(commonName));
    }

    private static List<String> normalised(List<String> values, java.util.function.UnaryOperator<String> normaliser) {
        Set<String> result = new LinkedHashSet<>();
        for (String value : Objects.requireNonNullElse(values, List.<String>of())) {
            result.add(normaliser.apply(Objects.requireNonNull(value, "a subject alternative name")));
        }
        return List.copyOf(result);
    }

    /** Builds a {@link LeafRequest}; usage defaults to {@link Usage#SERVER_AND_CLIENT}, the key to {@link KeyAlgorithm#DEFAULT}. */
    public static final class Builder {
        private final Subject subject;
        private final List<String> dnsNames = new ArrayList<>();
        private final List<String> ipAddresses = new ArrayList<>();
        private Usage usage = Usage.SERVER_AND_CLIENT;
        private Validity validity;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.DEFAULT;

        private Builder(Subject subject) {
            this.subject = subject;
        }

        public Builder dnsNames(String... names) {
            return dnsNames(List.of(names));
        }

        public Builder dnsNames(List<String> names) {
            dnsNames.addAll(names);
            return this;
        }

        public Builder ipAddresses(String... addresses) {
            return ipAddresses(List.of(addresses));
        }

        public Builder ipAddresses(List<String> addresses) {
            ipAddresses.addAll(addresses);
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder validity(Validity validity) {
            this.validity = validity;
            return this;
        }

        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
            return this;
        }

        public LeafRequest build() {
            return new LeafRequest(subject, dnsNames, ipAddresses, usage, validity, keyAlgorithm);
        }
    }
}
