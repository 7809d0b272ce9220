package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.standins.StandInStack;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CertificateStoreTest {
    final StandInStack stack = StandInStack.shared();
    final CertificateStore store = new CertificateStore(stack.dynamo(), stack.resourceName("ControlTable"));
    final String ccid = UUID.randomUUID().toString();

    static StoredCertificate cert(String alias, String fingerprint) {
        return new StoredCertificate(alias, "-----BEGIN CERTIFICATE-----\n...", "CN=Interaction Recording",
                "CN=Acme CA", "0a1b", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2036-01-01T00:00:00Z"),
                fingerprint, 2048, true, Instant.parse("2026-11-22T00:00:00Z"));
    }

    @Test
    void addsListsAndUndeploysWithoutLosingTheRecord() {
        store.add(ccid, cert("rec-2026", "f1"));
        store.add(ccid, cert("rec-2027", "f2"));
        assertThat(store.deployed(ccid)).extracting(StoredCertificate::alias).containsExactly("rec-2026", "rec-2027");

        assertThat(store.undeploy(ccid, "rec-2026")).isTrue();

        assertThat(store.deployed(ccid)).extracting(StoredCertificate::alias).containsExactly("rec-2027");
        assertThat(store.find(ccid, "rec-2026")).hasValueSatisfying(c -> assertThat(c.deployed()).isFalse());
        assertThat(store.list(ccid)).hasSize(2);
        assertThat(store.undeploy(ccid, "nope")).isFalse();
        assertThat(store.list(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void aTakenAliasConflictsUnlessItIsTheSameCertificate() {
        store.add(ccid, cert("a", "f1"));
        store.undeploy(ccid, "a");
        store.add(ccid, cert("a", "f1"));
        assertThat(store.find(ccid, "a")).hasValueSatisfying(c -> assertThat(c.deployed()).isTrue());
        assertThatThrownBy(() -> store.add(ccid, cert("a", "f2"))).isInstanceOf(ConflictException.class);
    }
}
