package io.callvault.core.codec;

/**
 * What counts as a printable character in names people type (label names, agent names, settings): letters,
 * digits, marks, punctuation, symbols and spaces of any script; never control, format, private-use,
 * unassigned or lone surrogate code points, nor line or paragraph separators.
 */
public final class Printable {
    private Printable() {}

    public static boolean codePoint(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The first code point of {@code text} that is not printable, or -1. */
    public static int firstNonPrintable(String text) {
        return text.codePoints().filter(c -> !codePoint(c)).findFirst().orElse(-1);
    }
}
