package dev.brook.contract;

/** A host (DNS name or IP literal) and a port. */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isBlank() || host.contains(",") || host.contains(" ")) {
            throw new InvalidInputsException("host '" + host + "' is empty or contains ',' or ' '");
        }
        Ports.check("port of " + host, port);
    }

    /** Parses {@code host:port}. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputsException("'" + text + "' is not host:port");
        }
        try {
            return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidInputsException("'" + text + "' is not host:port");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
