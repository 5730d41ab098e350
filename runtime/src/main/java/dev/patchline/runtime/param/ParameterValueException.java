package dev.patchline.runtime.param;

/**
 * A value does not fit a parameter. The message names the parameter, says what was expected and
 * what was found, e.g. {@code parameter 'maxlines' must be between 0 and 1000000, got -5}.
 */
public class ParameterValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ParameterValueException(String message) {
        super(message);
    }
}
