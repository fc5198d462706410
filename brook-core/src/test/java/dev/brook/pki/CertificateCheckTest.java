package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.pki.CertificateCheck.Action;
import dev.brook.pki.CertificateCheck.Cause;
import dev.brook.pki.CertificateCheck.Desired;
import dev.brook.pki.CertificateCheck.Result;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateCheckTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration VALIDITY = Duration.ofDays(90);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Instant RENEWAL = T0.plus(VALIDITY).minus(RENEW_BEFORE);
    private static final Subject BROKER = Subject.of("broker-0").withOrganization("brook");
    private static final Set<String> DNS = Set.of("broker-0.brokers.ns.svc", "*.brokers.ns.svc");
    private static final Set<String> IPS = Set.of("10.0.0.7");

    private static CertificateAuthority ca;
    private static CertificateAuthority otherCa;
    private static CertificateInfo issued;

    @BeforeAll
    static void certificates() {
        ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), Validity.of(T0, Duration.ofDays(5 * 365)));
        otherCa = CertificateAuthority.create(Subject.of("brook-cluster-ca-2"), Validity.of(T0, Duration.ofDays(5 * 365)));
        issued = issue(ca, BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT);
    }

    static Stream<Arguments> timeline() {
        return Stream.of(
                Arguments.of("just issued", T0, Cause.UP_TO_DATE, RENEWAL),
                Arguments.of("a second before the window", RENEWAL.minusSeconds(1), Cause.UP_TO_DATE, RENEWAL),
                Arguments.of("the window opens", RENEWAL, Cause.EXPIRING, RENEWAL),
                Arguments.of("inside the window", RENEWAL.plus(Duration.ofDays(10)), Cause.EXPIRING, RENEWAL.plus(Duration.ofDays(10))),
                Arguments.of("the last valid second", T0.plus(VALIDITY), Cause.EXPIRING, T0.plus(VALIDITY)),
                Arguments.of("expired", T0.plus(VALIDITY).plusSeconds(1), Cause.EXPIRED, T0.plus(VALIDITY).plusSeconds(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timeline")
    void overTime(String when, Instant now, Cause cause, Instant nextCheck) {
        Result result = CertificateCheck.evaluate(Optional.of(issued), desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, ca), now);

        assertThat(result.cause()).isEqualTo(cause);
        assertThat(result.nextCheck()).isEqualTo(nextCheck);
    }

    @Test
    void renewalAndExpirySayWhich() {
        Desired desired = desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, ca);

        Result expiring = CertificateCheck.evaluate(Optional.of(issued), desired, RENEWAL);
        Result expired = CertificateCheck.evaluate(Optional.of(issued), desired, T0.plus(VALIDITY).plusSeconds(1));

        assertThat(expiring.action()).isEqualTo(Action.RENEW);
        assertThat(expiring.reason()).contains("inside the renewal window of PT720H").contains(T0.plus(VALIDITY).toString());
        assertThat(expired.action()).isEqualTo(Action.RENEW);
        assertThat(expired.reason()).startsWith("Expired at " + T0.plus(VALIDITY));
    }

    @Test
    void aMissingCertificateIsIssuedAndTheNextCheckKeepsIt() {
        Desired desired = desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, ca);

        Result first = CertificateCheck.evaluate(Optional.empty(), desired, T0);
        assertThat(first.action()).isEqualTo(Action.ISSUE);
        assertThat(first.cause()).isEqualTo(Cause.MISSING);
        assertThat(first.nextCheck()).isEqualTo(T0);

        CertificateInfo written = issue(ca, BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT);
        Result second = CertificateCheck.evaluate(Optional.of(written), desired, T0);
        Result third = CertificateCheck.evaluate(Optional.of(written), desired, T0);

        assertThat(second.action()).isEqualTo(Action.KEEP);
        assertThat(third).isEqualTo(second);
    }

    @Test
    void aRenewedCertificateIsKeptUntilItsOwnWindow() {
        Desired desired = desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, ca);
        Instant now = RENEWAL.plus(Duration.ofDays(1));
        assertThat(CertificateCheck.evaluate(Optional.of(issued), desired, now).action()).isEqualTo(Action.RENEW);

        CertificateInfo renewed = Leaf.issue(ca, LeafRequest.builder(BROKER).dnsNames(List.copyOf(DNS))
                .ipAddresses(List.copyOf(IPS)).validity(Validity.of(now, VALIDITY)).build()).info();
        Result after = CertificateCheck.evaluate(Optional.of(renewed), desired, now);

        assertThat(after.action()).isEqualTo(Action.KEEP);
        assertThat(after.nextCheck()).isEqualTo(now.plus(VALIDITY).minus(RENEW_BEFORE));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("another CA", BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, true, Cause.OTHER_ISSUER),
                Arguments.of("another common name", Subject.of("broker-1").withOrganization("brook"), DNS, IPS, Usage.SERVER_AND_CLIENT, false, Cause.SUBJECT_CHANGED),
                Arguments.of("an organization dropped", Subject.of("broker-0"), DNS, IPS, Usage.SERVER_AND_CLIENT, false, Cause.SUBJECT_CHANGED),
                Arguments.of("a DNS name added", BROKER, Set.of("broker-0.brokers.ns.svc", "*.brokers.ns.svc", "kafka.example.com"), IPS, Usage.SERVER_AND_CLIENT, false, Cause.NAMES_CHANGED),
                Arguments.of("the wildcard removed", BROKER, Set.of("broker-0.brokers.ns.svc"), IPS, Usage.SERVER_AND_CLIENT, false, Cause.NAMES_CHANGED),
                Arguments.of("another IP", BROKER, DNS, Set.of("10.0.0.8"), Usage.SERVER_AND_CLIENT, false, Cause.NAMES_CHANGED),
                Arguments.of("no IP", BROKER, DNS, Set.of(), Usage.SERVER_AND_CLIENT, false, Cause.NAMES_CHANGED),
                Arguments.of("server only", BROKER, DNS, IPS, Usage.SERVER, false, Cause.USAGE_CHANGED),
                Arguments.of("names in other case", BROKER, Set.of("Broker-0.Brokers.NS.svc", "*.BROKERS.ns.svc"), IPS, Usage.SERVER_AND_CLIENT, false, Cause.UP_TO_DATE),
                Arguments.of("nothing", BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, false, Cause.UP_TO_DATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void changes(String change, Subject subject, Set<String> dns, Set<String> ips, Usage usage, boolean otherIssuer, Cause cause) {
        Result result = CertificateCheck.evaluate(Optional.of(issued),
                desired(subject, dns, ips, usage, otherIssuer ? otherCa : ca), T0.plus(Duration.ofDays(1)));

        assertThat(result.cause()).isEqualTo(cause);
        assertThat(result.action()).isEqualTo(cause.action());
    }

    @Test
    void theReasonNamesWhatChanged() {
        Result names = CertificateCheck.evaluate(Optional.of(issued),
                desired(BROKER, Set.of("broker-0.brokers.ns.svc", "kafka.example.com"), Set.of("::1"), Usage.SERVER_AND_CLIENT, ca), T0);
        Result subject = CertificateCheck.evaluate(Optional.of(issued),
                desired(Subject.of("broker-1"), DNS, IPS, Usage.SERVER_AND_CLIENT, ca), T0);
        Result issuer = CertificateCheck.evaluate(Optional.of(issued),
                desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, otherCa), T0);

        assertThat(names.reason()).isEqualTo("Names changed: DNS names added [kafka.example.com] removed [*.brokers.ns.svc];"
                + " IP addresses added [0:0:0:0:0:0:0:1] removed [10.0.0.7];");
        assertThat(subject.reason()).isEqualTo("Subject is CN=broker-0,O=brook, should be CN=broker-1");
        assertThat(issuer.reason()).contains("CN=brook-cluster-ca").contains("which is not CN=brook-cluster-ca-2");
    }

    @Test
    void anIpSpelledAnotherWayIsTheSameIp() {
        CertificateInfo loopback = issue(ca, BROKER, DNS, Set.of("::1"), Usage.SERVER_AND_CLIENT);

        Result result = CertificateCheck.evaluate(Optional.of(loopback),
                desired(BROKER, DNS, Set.of("0:0:0:0:0:0:0:1"), Usage.SERVER_AND_CLIENT, ca), T0);

        assertThat(result.action()).isEqualTo(Action.KEEP);
    }

    @Test
    void anotherIssuerWinsOverExpiry() {
        Result result = CertificateCheck.evaluate(Optional.of(issued),
                desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, otherCa), T0.plus(Duration.ofDays(365)));

        assertThat(result.cause()).isEqualTo(Cause.OTHER_ISSUER);
    }

    @Test
    void duringAKeyReplacementEitherCaIsAccepted() {
        CertificateInfo fromNew = issue(otherCa, BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT);
        Desired both = new Desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT,
                List.of(ca.certificate(), otherCa.certificate()), VALIDITY, RENEW_BEFORE);

        assertThat(CertificateCheck.evaluate(Optional.of(issued), both, T0).action()).isEqualTo(Action.KEEP);
        assertThat(CertificateCheck.evaluate(Optional.of(fromNew), both, T0).action()).isEqualTo(Action.KEEP);
    }

    @Test
    void aRenewedCaStillCountsAsTheIssuer() {
        CertificateAuthority renewed = ca.renew(Validity.of(T0.plus(Duration.ofDays(30)), Duration.ofDays(5 * 365)));

        Result result = CertificateCheck.evaluate(Optional.of(issued), desired(BROKER, DNS, IPS, Usage.SERVER_AND_CLIENT, renewed),
                T0.plus(Duration.ofDays(31)));

        assertThat(result.action()).isEqualTo(Action.KEEP);
    }

    @Test
    void aKeyAlgorithmChangeWaitsForTheNextRenewal() {
        LeafRequest rsa = LeafRequest.builder(BROKER).dnsNames(List.copyOf(DNS)).ipAddresses(List.copyOf(IPS))
                .keyAlgorithm(KeyAlgorithm.RSA_2048).validity(Validity.of(T0, VALIDITY)).build();

        Result result = CertificateCheck.evaluate(Optional.of(issued),
                Desired.of(rsa, List.of(ca.certificate()), RENEW_BEFORE), T0);

        assertThat(result.action()).isEqualTo(Action.KEEP);
    }

    @Test
    void aRenewalWindowAsLongAsTheValidityIsRefused() {
        assertThatThrownBy(() -> new Desired(BROKER, DNS, IPS, Usage.SERVER, List.of(ca.certificate()), VALIDITY, VALIDITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be shorter");
        assertThatThrownBy(() -> new Desired(BROKER, DNS, IPS, Usage.SERVER, List.of(), VALIDITY, RENEW_BEFORE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Desired desired(Subject subject, Set<String> dns, Set<String> ips, Usage usage, CertificateAuthority issuer) {
        return new Desired(subject, dns, ips, usage, List.<X509Certificate>of(issuer.certificate()), VALIDITY, RENEW_BEFORE);
    }

    private static CertificateInfo issue(CertificateAuthority issuer, Subject subject, Set<String> dns, Set<String> ips, Usage usage) {
        return Leaf.issue(issuer, LeafRequest.builder(subject).dnsNames(List.copyOf(dns)).ipAddresses(List.copyOf(ips))
                .usage(usage).validity(Validity.of(T0, VALIDITY)).build()).info();
    }
}
