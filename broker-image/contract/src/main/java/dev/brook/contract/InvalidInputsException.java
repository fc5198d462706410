package dev.brook.contract;

/** Inputs that break the pod contract. The message is one line that names the problem. */
public class InvalidInputsException extends IllegalArgumentException {
    public InvalidInputsException(String message) {
        super(message);
    }
}
