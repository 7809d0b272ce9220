package io.callvault.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A setting as the control table holds it.
 *
 * @param name       the setting's name in its group
 * @param location   where it applies ({@code /}, {@code /US/CA})
 * @param value      the value without its secret fields
 * @param secretName the Secrets Manager secret holding the secret fields, or null
 * @param version    bumped by every write; updates are conditional on it
 */
public record StoredSetting(String name, String location, JsonNode value, String secretName, long version,
                            Instant updatedAt, String updatedBy) {}
