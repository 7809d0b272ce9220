package io.callvault.mux;

/** The recording muxer: joins a call's audio and its screen video into one MP4 (docs/mux.md). */
final class MuxModule {
    private MuxModule() {}
}
