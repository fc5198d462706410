package dev.brook.model;

/** Why a change is not made, as a condition reason and a message that says what to do instead. */
public record Refusal(Reason reason, String message) {
}
