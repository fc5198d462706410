package dev.brook.pki;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Java's own PKIX validation, at a chosen instant: what a TLS peer on the JDK decides. */
final class Chains {

    private Chains() {
    }

    /** Validates {@code path} (leaf first, without the anchor) against {@code anchors} at {@code at}; throws if invalid. */
    static void validate(List<X509Certificate> path, List<X509Certificate> anchors, Instant at) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPath certPath = factory.generateCertPath(path);
        Set<TrustAnchor> trustAnchors = anchors.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        PKIXParameters parameters = new PKIXParameters(trustAnchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }

    /**
     * Builds a path from {@code leaf} to one of {@code anchors} with {@code others} as candidates, as the JDK's TLS
     * trust manager does with the chain a peer sends (the peer's own CA copy is only a candidate, the anchor decides).
     */
    static void build(X509Certificate leaf, List<X509Certificate> others, List<X509Certificate> anchors, Instant at)
            throws Exception {
        Set<TrustAnchor> trustAnchors = anchors.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        java.security.cert.X509CertSelector target = new java.security.cert.X509CertSelector();
        target.setCertificate(leaf);
        java.security.cert.PKIXBuilderParameters parameters = new java.security.cert.PKIXBuilderParameters(trustAnchors, target);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        List<X509Certificate> candidates = new java.util.ArrayList<>(others);
        candidates.add(leaf);
        parameters.addCertStore(java.security.cert.CertStore.getInstance("Collection",
                new java.security.cert.CollectionCertStoreParameters(candidates)));
        java.security.cert.CertPathBuilder.getInstance("PKIX").build(parameters);
    }

    static boolean valid(List<X509Certificate> path, List<X509Certificate> anchors, Instant at) {
        try {
            validate(path, anchors, at);
            return true;
        } catch (CertPathValidatorException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
