package dev.brook.pki;

import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject of a certificate: a common name, optionally an organization and an organizational unit. Built the same
 * way every time (O, OU, CN), so a re-issued certificate has exactly the same distinguished name; Kafka's principal
 * and ZooKeeper's x509 ACLs (with {@code zookeeper.set.acl=true}) depend on that. Values are taken literally:
 * commas, plus signs or equals signs in a name are escaped, never parsed.
 */
public record Subject(String commonName, String organization, String organizationalUnit) {

    public Subject {
        commonName = required(commonName, "commonName");
        organization = optional(organization, "organization");
        organizationalUnit = optional(organizationalUnit, "organizationalUnit");
    }

    public static Subject of(String commonName) {
        return new Subject(commonName, null, null);
    }

    public Subject withOrganization(String organization) {
        return new Subject(commonName, organization, organizationalUnit);
    }

    public Subject withOrganizationalUnit(String organizationalUnit) {
        return new Subject(commonName, organization, organizationalUnit);
    }

    /** The distinguished name as Java prints it (RFC 2253), e.g. {@code CN=broker,OU=kafka,O=brook}. */
    public String distinguishedName() {
        return principal().getName(X500Principal.RFC2253);
    }

    public X500Principal principal() {
        try {
            return new X500Principal(x500Name().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot encode subject " + this, e);
        }
    }

    /** Whether a certificate's subject is this one (canonical comparison: case and spacing do not matter). */
    public boolean matches(X500Principal other) {
        return principal().getName(X500Principal.CANONICAL).equals(other.getName(X500Principal.CANONICAL));
    }

    X500Name x500Name() {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null) {
            builder.addRDN(BCStyle.O, organization);
        }
        if (organizationalUnit != null) {
            builder.addRDN(BCStyle.OU, organizationalUnit);
        }
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static String required(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("A certificate's " + what + " must not be blank");
        }
        if (value.length() > 64) {
            // RFC 5280 upper bounds: ub-common-name, ub-organization-name and ub-organizational-unit-name are 64.
            throw new IllegalArgumentException("A certificate's " + what + " has at most 64 characters, not "
                    + value.length() + ": " + value);
        }
        return value;
    }

    private static String optional(String value, String what) {
        return value == null ? null : required(value, what);
    }
}
