package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.core.aws.AwsClients;
import io.callvault.core.aws.FunctionEnvironment;
import io.callvault.standins.StandInStack;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Through the SDK's Secrets Manager client against the local stand-in, as the functions use it. */
class PrivateKeyVaultTest {
    final PrivateKeyVault vault = new PrivateKeyVault(
            AwsClients.secretsManager(new FunctionEnvironment(StandInStack.shared().awsEnvironment())));

    @Test
    void storesReplacesAndReadsKeysPerTenantAndAlias() {
        String ccid = UUID.randomUUID().toString();
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIE\"quoted\"\\n\n-----END PRIVATE KEY-----\n";
        vault.put(ccid, "key-1", pem);
        assertThat(vault.find(ccid, "key-1")).contains(pem);

        vault.put(ccid, "key-1", "replaced");
        assertThat(vault.find(ccid, "key-1")).contains("replaced");

        assertThat(vault.find(ccid, "key-2")).isEmpty();
        assertThat(vault.find(UUID.randomUUID().toString(), "key-1")).isEmpty();
    }
}
