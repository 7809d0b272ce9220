package io.callvault.lifecycle.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.Ids;
import io.callvault.lifecycle.run.RunIds;
import java.util.regex.Pattern;

/** The ids a lifecycle task's input carries, checked before anything is read with them. */
final class TaskInput {
    private static final Pattern PAGE = Pattern.compile("PAGE#\\d{2}#\\d{6}");

    private TaskInput() {}

    static String ccid(JsonNode event) {
        return Ids.contactCenterId("contactCenterId", text(event, "contactCenterId"));
    }

    static String runId(JsonNode event) {
        String runId = text(event, "runId");
        if (!RunIds.isRunId(runId)) {
            throw new IllegalArgumentException("runId must be a lifecycle run id (20261122T020000Z-<16 hex>)");
        }
        return runId;
    }

    static String page(JsonNode event) {
        String page = text(event, "page");
        if (!PAGE.matcher(page).matches()) {
            throw new IllegalArgumentException("page must be a page key such as PAGE#00#000001");
        }
        return page;
    }

    private static String text(JsonNode event, String field) {
        JsonNode v = event.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 200) {
            throw new IllegalArgumentException("the task input needs the text field " + field);
        }
        return v.textValue();
    }
}
