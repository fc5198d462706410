package dev.brook.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/** Checking and normalising DNS and IP subject alternative names, so that a comparison never depends on spelling. */
final class SubjectAlternativeNames {

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    /** Host names, optionally with one wildcard that is the whole left-most label ({@code *.zk.ns.svc}). */
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");

    private SubjectAlternativeNames() {
    }

    /** Lower case; refuses anything that is not a host name or a left-most wildcard. */
    static String dnsName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("Not a DNS name for a certificate (letters, digits, '-', '.', and "
                    + "'*' only as the whole first label): " + name);
        }
        return lower;
    }

    /**
     * One spelling for an IP address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same), without any name
     * lookup: the literal is checked first and the address is built from its bytes.
     */
    static String ipAddress(String address) {
        if (!IPAddress.isValid(address)) {
            throw new IllegalArgumentException("Not an IP address: " + address);
        }
        byte[] octets = DEROctetString.getInstance(new GeneralName(GeneralName.iPAddress, address).getName()).getOctets();
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address: " + address, e);
        }
    }
}
