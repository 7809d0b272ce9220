package io.callvault.core.lifecycle;

import io.callvault.core.model.CallType;
import java.time.Instant;
import java.util.List;

/**
 * Which recordings a task selects (spec lifecycle.md §1.2, §1.3): the type, the age window in days, and the
 * optional call type and labels. {@code labelsInclude}: the recording carries at least one of them (none listed:
 * no condition); {@code labelsExclude}: it carries none of them. Call type applies to call recordings only.
 *
 * @param maxAge null for "or older"
 * @param callType null for any
 */
public record RecordingFilter(FilterType type, int minAge, Integer maxAge, CallType callType,
                              List<String> labelsInclude, List<String> labelsExclude) {
    public RecordingFilter {
        labelsInclude = List.copyOf(labelsInclude);
        labelsExclude = List.copyOf(labelsExclude);
    }

    public AgeWindow window(Instant t0) {
        return AgeWindow.of(t0, minAge, maxAge);
    }

    /** Whether a recording with these labels and call type passes the label and call-type conditions. */
    public boolean matches(List<String> labels, CallType recordingCallType) {
        if (!labelsInclude.isEmpty() && labels.stream().noneMatch(labelsInclude::contains)) {
            return false;
        }
        if (labels.stream().anyMatch(labelsExclude::contains)) {
            return false;
        }
        return callType == null || type != FilterType.VOICE || callType == recordingCallType;
    }
}
