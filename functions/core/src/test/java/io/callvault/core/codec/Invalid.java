package io.callvault.core.codec;

/** The {@link InvalidFieldException} some input causes, to check the field it names and its message. */
final class Invalid {
    private Invalid() {}

    static InvalidFieldException thrownBy(Runnable r) {
        try {
            r.run();
        } catch (InvalidFieldException e) {
            return e;
        }
        throw new AssertionError("no InvalidFieldException");
    }
}
