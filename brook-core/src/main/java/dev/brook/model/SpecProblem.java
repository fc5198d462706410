package dev.brook.model;

/**
 * One thing wrong with a spec that the CRD schema could not refuse: the field path and a message
 * that says what to change. Reconcilers put it in an InvalidSpec condition; {@code brook local}
 * prints it with the file name.
 */
public record SpecProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
