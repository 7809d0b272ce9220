package io.callvault.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import java.util.UUID;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secret fields of settings (the analytics receiver's user name and password), one Secrets Manager secret per
 * stored setting value: {@code callvault/{ccid}/settings/{group}/{name}/{uuid}}, a JSON object of the secret
 * fields. Like {@link PrivateKeyVault}, secrets live under {@code callvault/}; unlike a private key, a setting
 * is replaced and deleted through the API, so each write makes a new secret and the old one is deleted once
 * the table points at the new one. Names are never reused: Secrets Manager keeps a deleted name reserved
 * for its recovery window, and a second writer never overwrites the first one's secret. IAM lets only the
 * settings function write here and only functions that post to the receiver read.
 */
public final class SettingSecretVault {
    private final SecretsManagerClient secrets;

    public SettingSecretVault(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    /** Stores the fields as a new secret and returns its name. */
    public String create(String ccid, String group, String name, String location, ObjectNode fields) {
        String secretName = "callvault/" + ccid + "/settings/" + group + "/" + name + "/" + UUID.randomUUID();
        secrets.createSecret(b -> b.name(secretName).secretString(Json.write(fields))
                .description("callvault setting " + group + "/" + name + " at " + location + " of contact center " + ccid));
        return secretName;
    }

    public ObjectNode read(String secretName) {
        String text = secrets.getSecretValue(b -> b.secretId(secretName)).secretString();
        try {
            JsonNode node = Json.parse(text);
            if (!node.isObject()) {
                throw new IllegalStateException("the setting secret " + secretName + " is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the setting secret " + secretName + " is not JSON");
        }
    }

    /** Deletes the secret at once (no recovery window: the setting that named it is gone); absent is fine. */
    public void delete(String secretName) {
        try {
            secrets.deleteSecret(b -> b.secretId(secretName).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException gone) {
            // deleted before
        }
    }
}
