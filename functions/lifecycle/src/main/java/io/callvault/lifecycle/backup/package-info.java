/**
 * The backup task's work per recording: {@link io.callvault.lifecycle.backup.RecordingArchiver} writes a recording (and a
 * call's screen recordings) to an {@link io.callvault.lifecycle.backup.ArchiveFolder} in the guide's unzipped archive
 * layout (spec lifecycle.md §1.6), and says in an {@link io.callvault.lifecycle.backup.ArchiveResult} whether the copy is
 * complete enough for a purge to follow. Plain Java, no Lambda types.
 */
package io.callvault.lifecycle.backup;
