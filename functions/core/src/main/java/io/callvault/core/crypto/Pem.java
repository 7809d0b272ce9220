package io.callvault.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The PEM text form (RFC 7468) of certificates, keys and envelopes. Written here rather than taken from
 * BouncyCastle's PEMParser because the callers need to see every block in an upload (a bundle with two
 * certificates is an error, not "the first one") and because text outside BEGIN/END is tolerated, as
 * the guide asks for certificate files (L10561-10578).
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    /** Uploads and envelopes are small; a bound keeps a hostile upload from costing more than a parse. */
    static final int MAX_TEXT_CHARS = 1 << 20;

    /** One BEGIN/END block; {@code headers} holds RFC 1421 lines such as {@code Proc-Type: 4,ENCRYPTED}. */
    record Block(String label, List<String> headers, byte[] der) {
        boolean hasHeader(String prefix) {
            return headers.stream().anyMatch(h -> h.regionMatches(true, 0, prefix, 0, prefix.length()));
        }
    }

    /** Text that is not PEM: no block, an unterminated block, or a body that is not base64. */
    static final class MalformedPemException extends Exception {
        MalformedPemException(String message) {
            super(message);
        }
    }

    private Pem() {}

    /** Every block in {@code text}, in order; text between blocks is ignored. An empty list means no PEM at all. */
    static List<Block> blocks(String text) throws MalformedPemException {
        if (text == null) {
            throw new MalformedPemException("no text");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new MalformedPemException("text is longer than " + MAX_TEXT_CHARS + " characters");
        }
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) {
                return blocks;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new MalformedPemException("BEGIN line is not closed with -----");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            if (!label.matches("[A-Z0-9 ]{1,40}")) {
                throw new MalformedPemException("BEGIN line has an invalid label");
            }
            String endLine = END + label + DASHES;
            int bodyStart = labelEnd + DASHES.length();
            int end = text.indexOf(endLine, bodyStart);
            if (end < 0) {
                throw new MalformedPemException("no END line for " + label);
            }
            blocks.add(block(label, text.substring(bodyStart, end)));
            at = end + endLine.length();
        }
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + label + DASHES + "\n" + body + (body.isEmpty() ? "" : "\n") + END + label + DASHES + "\n";
    }

    private static Block block(String label, String body) throws MalformedPemException {
        List<String> headers = new ArrayList<>();
        StringBuilder base64 = new StringBuilder(body.length());
        for (String line : body.split("\r?\n|\r")) {
            String trimmed = line.strip();
            if (trimmed.indexOf(':') > 0 && base64.length() == 0) {
                headers.add(trimmed);
            } else {
                base64.append(trimmed);
            }
        }
        try {
            // The strict decoder: the MIME decoder would silently skip stray characters.
            byte[] der = Base64.getDecoder().decode(base64.toString().getBytes(StandardCharsets.US_ASCII));
            if (der.length == 0) {
                throw new MalformedPemException(label + " block is empty");
            }
            return new Block(label, List.copyOf(headers), der);
        } catch (IllegalArgumentException e) {
            throw new MalformedPemException(label + " block is not valid base64");
        }
    }
}
