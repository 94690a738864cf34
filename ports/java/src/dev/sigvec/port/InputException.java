package dev.sigvec.port;

/** Input that is well-formed but cannot be signed; {@code field} names the offending input field. */
public class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
