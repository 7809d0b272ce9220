package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.core.crypto.KeyTransport;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EncryptionSettingsStoreTest {
    final StandInStack stack = StandInStack.shared();
    final String table = stack.resourceName("ControlTable");
    final EncryptionSettingsStore store = new EncryptionSettingsStore(stack.dynamo(), table, Clock.systemUTC());
    final String ccid = UUID.randomUUID().toString();

    @Test
    void aTenantThatNeverChoseGetsOaepAndEachTenantKeepsItsOwnChoice() {
        assertThat(store.keyTransport(ccid)).isEqualTo(KeyTransport.RSA_OAEP_SHA256).isEqualTo(KeyTransport.DEFAULT);

        store.setKeyTransport(ccid, KeyTransport.RSA_PKCS1_V15, "keyadmin");
        store.setKeyTransport(ccid, KeyTransport.RSA_PKCS1_V15, "keyadmin");

        assertThat(store.keyTransport(ccid)).isEqualTo(KeyTransport.RSA_PKCS1_V15);
        assertThat(store.keyTransport(UUID.randomUUID().toString())).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
        var item = stack.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#SETTINGS"), "SK", AttributeValue.fromS("encryption")))).item();
        assertThat(item.get("keyTransport").s()).isEqualTo("RSA-PKCS1-v1_5");
        assertThat(item.get("updatedBy").s()).isEqualTo("keyadmin");

        store.setKeyTransport(ccid, KeyTransport.RSA_OAEP_SHA256, "keyadmin");
        assertThat(store.keyTransport(ccid)).isEqualTo(KeyTransport.RSA_OAEP_SHA256);
    }

    @Test
    void theSettingDoesNotShowUpAmongTheCertificates() {
        store.setKeyTransport(ccid, KeyTransport.RSA_PKCS1_V15, "keyadmin");
        assertThat(new CertificateStore(stack.dynamo(), table).list(ccid)).isEmpty();
    }

    @Test
    void anUnknownStoredValueFailsLoudlyInsteadOfPickingAnAlgorithm() {
        stack.dynamo().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#SETTINGS"), "SK", AttributeValue.fromS("encryption"),
                "keyTransport", AttributeValue.fromS("RSA-OAEP-SHA1"))));
        assertThatThrownBy(() -> store.keyTransport(ccid)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RSA-OAEP-SHA1");
    }

    @Test
    void wireNamesAreReadIgnoringCaseAndNothingElseIsAccepted() {
        assertThat(KeyTransport.wireNames()).containsExactly("RSA-OAEP-SHA256", "RSA-PKCS1-v1_5");
        assertThat(KeyTransport.fromWire("rsa-pkcs1-V1_5")).contains(KeyTransport.RSA_PKCS1_V15);
        assertThat(KeyTransport.fromWire("RSA_PKCS1_V15")).isEmpty();
        assertThat(KeyTransport.fromWire("RSA-OAEP")).isEmpty();
        assertThat(KeyTransport.fromWire(null)).isEmpty();
    }
}
