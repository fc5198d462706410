package dev.brook.contract;

final class Ports {
    private Ports() {
    }

    static int check(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidInputsException(what + " " + port + " is not in 1..65535");
        }
        return port;
    }
}
