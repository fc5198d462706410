package dev.brook.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what to do with one certificate: keep it, issue it (missing), renew it (expiring or expired) or re-issue it
 * (its subject, names or purpose changed, or another CA signed it). Pure: the current certificate, what is desired and
 * "now" in, a {@link Result} out.
 *
 * <p>Nothing is re-issued when nothing changed. A certificate issued for {@link Desired} is {@link Action#KEEP} on the
 * next check, until {@code notAfter - renewBefore}; {@link Desired} refuses a renewal window as long as the validity,
 * which would renew every new certificate at once, forever.
 *
 * <p>Checked in this order, the first that applies wins: missing, signed by none of the accepted CAs, subject, DNS and
 * IP names, usage, expired, inside the renewal window.
 */
public final class CertificateCheck {

    public enum Action { KEEP, ISSUE, RENEW, REISSUE }

    /** Why; usable as a condition or event reason. */
    public enum Cause {
        UP_TO_DATE(Action.KEEP),
        MISSING(Action.ISSUE),
        EXPIRED(Action.RENEW),
        EXPIRING(Action.RENEW),
        OTHER_ISSUER(Action.REISSUE),
        SUBJECT_CHANGED(Action.REISSUE),
        NAMES_CHANGED(Action.REISSUE),
        USAGE_CHANGED(Action.REISSUE);

        private final Action action;

        Cause(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }
    }

    /**
     * What the certificate should be.
     *
     * @param acceptedIssuers the CAs it may be signed by: normally the current CA only; during a CA key replacement
     *                        the current and the new one (see {@link CaPlan.Phase}), so this check and the replacement
     *                        do not undo each other's work
     * @param validity        how long a new certificate is valid
     * @param renewBefore     renew when less than this is left; shorter than {@code validity}
     */
    public record Desired(Subject subject, Set<String> dnsNames, Set<String> ipAddresses, Usage usage,
                          List<X509Certificate> acceptedIssuers, Duration validity, Duration renewBefore) {

        public Desired {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(usage, "usage");
            dnsNames = normalised(dnsNames, SubjectAlternativeNames::dnsName);
            ipAddresses = normalised(ipAddresses, SubjectAlternativeNames::ipAddress);
            acceptedIssuers = List.copyOf(acceptedIssuers);
            if (acceptedIssuers.isEmpty()) {
                throw new IllegalArgumentException("A certificate needs at least one CA that may sign it");
            }
            Objects.requireNonNull(validity, "validity");
            Objects.requireNonNull(renewBefore, "renewBefore");
            if (renewBefore.isNegative() || renewBefore.compareTo(validity) >= 0) {
                throw new IllegalArgumentException("The renewal window (" + renewBefore + ") must be shorter than the "
                        + "validity (" + validity + "), or every new certificate would be renewed at once");
            }
        }

        /** What {@code request} describes, signed by one of {@code acceptedIssuers}, renewed {@code renewBefore} its end. */
        public static Desired of(LeafRequest request, List<X509Certificate> acceptedIssuers, Duration renewBefore) {
            return new Desired(request.subject(), new LinkedHashSet<>(request.dnsNames()),
                    new LinkedHashSet<>(request.ipAddresses()), request.usage(), acceptedIssuers,
                    request.validity().duration(), renewBefore);
        }

        private static Set<String> normalised(Set<String> values, java.util.function.UnaryOperator<String> normaliser) {
            Set<String> result = new TreeSet<>();
            Objects.requireNonNullElse(values, Set.<String>of()).forEach(value -> result.add(normaliser.apply(value)));
            return Set.copyOf(result);
        }
    }

    /**
     * @param cause     what was found
     * @param reason    one human-readable sentence
     * @param nextCheck when to look again: the start of the renewal window for a kept certificate, {@code now} when
     *                  something must be done
     */
    public record Result(Cause cause, String reason, Instant nextCheck) {
        public Action action() {
            return cause.action();
        }
    }

    private CertificateCheck() {
    }

    public static Result evaluate(Optional<CertificateInfo> current, Desired desired, Instant now) {
        Objects.requireNonNull(now, "now");
        if (current.isEmpty()) {
            return new Result(Cause.MISSING, "No certificate for " + desired.subject().distinguishedName() + " yet", now);
        }
        CertificateInfo certificate = current.get();
        if (desired.acceptedIssuers().stream().noneMatch(certificate::issuedBy)) {
            return new Result(Cause.OTHER_ISSUER, "Signed by " + certificate.issuer() + " (" + certificate.fingerprint()
                    + ") which is not " + issuerNames(desired), now);
        }
        if (!desired.subject().matches(certificate.certificate().getSubjectX500Principal())) {
            return new Result(Cause.SUBJECT_CHANGED, "Subject is " + certificate.subject() + ", should be "
                    + desired.subject().distinguishedName(), now);
        }
        String namesChange = difference("DNS names", new TreeSet<>(certificate.dnsNames()), desired.dnsNames())
                + difference("IP addresses", new TreeSet<>(certificate.ipAddresses()), desired.ipAddresses());
        if (!namesChange.isEmpty()) {
            return new Result(Cause.NAMES_CHANGED, "Names changed:" + namesChange, now);
        }
        Optional<Usage> usage = certificate.usage();
        if (usage.isEmpty() || usage.get() != desired.usage()) {
            return new Result(Cause.USAGE_CHANGED, "Usage is " + usage.map(Enum::name).orElse("none")
                    + ", should be " + desired.usage(), now);
        }
        if (now.isAfter(certificate.notAfter())) {
            return new Result(Cause.EXPIRED, "Expired at " + certificate.notAfter(), now);
        }
        Instant renewal = certificate.notAfter().minus(desired.renewBefore());
        if (!now.isBefore(renewal)) {
            return new Result(Cause.EXPIRING, "Expires at " + certificate.notAfter() + ", inside the renewal window of "
                    + desired.renewBefore() + " (since " + renewal + ")", now);
        }
        return new Result(Cause.UP_TO_DATE, "Valid until " + certificate.notAfter() + "; renewal from " + renewal,
                renewal);
    }

    private static String issuerNames(Desired desired) {
        return desired.acceptedIssuers().stream()
                .map(ca -> CertificateInfo.of(ca).subject() + " (" + CertificateInfo.of(ca).fingerprint() + ")")
                .reduce((a, b) -> a + " or " + b).orElse("");
    }

    private static String difference(String what, Set<String> current, Set<String> desired) {
        Set<String> added = new TreeSet<>(desired);
        added.removeAll(current);
        Set<String> removed = new TreeSet<>(current);
        removed.removeAll(desired);
        if (added.isEmpty() && removed.isEmpty()) {
            return "";
        }
        return " " + what + (added.isEmpty() ? "" : " added " + added) + (removed.isEmpty() ? "" : " removed " + removed) + ";";
    }
}
