package io.callvault.mux;

/** The tenant has no deployed certificate usable now, and callvault never stores plaintext media: the muxed file cannot be stored. Permanent for this run; recorded, and the sweeper retries later. */
public class NoUsableCertificateException extends Exception {
    public NoUsableCertificateException(String message) {
        super(message);
    }
}
