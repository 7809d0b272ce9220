package io.callvault.core.lifecycle;

/**
 * One task of a rule (spec lifecycle.md §1.2).
 *
 * @param location                 backup only: {@code s3://bucket[/prefix]}, or null for the stack's archive bucket
 * @param executeOnScreenRecording the guide's "Include Screen Recordings": a voice task also acts on the call's
 *                                 screen recordings (L13574, L32664)
 */
public record LifecycleTask(TaskType type, RecordingFilter filter, String location, boolean executeOnScreenRecording) {}
