package io.callvault.bench;

/** The intake comparison of one run: the HTTP API and the raw PutItem floor, over the same recordings. */
record IntakeFigures(LoadResult api, LoadResult rawPutItem, int warmUp, int threads, int itemsPerRecording,
                     long bytesPerRecording) {}
