package io.callvault.core.store;

import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Tenants' private keys, one Secrets Manager secret each ({@code callvault/{ccid}/private-keys/{alias}}),
 * stored as PKCS#8 PEM. Only the key-admin function may write here and only the playback path may read
 * (IAM in template.yaml); no API ever returns a key.
 */
public final class PrivateKeyVault {
    private final SecretsManagerClient secrets;

    public PrivateKeyVault(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    static String secretName(String ccid, String alias) {
        return "callvault/" + ccid + "/private-keys/" + alias;
    }

    /** Stores or replaces the key for the alias. */
    public void put(String ccid, String alias, String pkcs8Pem) {
        String name = secretName(ccid, alias);
        try {
            secrets.createSecret(b -> b.name(name).secretString(pkcs8Pem)
                    .description("callvault private key " + alias + " of contact center " + ccid));
        } catch (ResourceExistsException exists) {
            secrets.putSecretValue(b -> b.secretId(name).secretString(pkcs8Pem));
        }
    }

    public Optional<String> find(String ccid, String alias) {
        try {
            return Optional.of(secrets.getSecretValue(b -> b.secretId(secretName(ccid, alias))).secretString());
        } catch (ResourceNotFoundException missing) {
            return Optional.empty();
        }
    }
}
