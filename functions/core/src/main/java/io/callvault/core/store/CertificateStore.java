package io.callvault.core.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Certificates per contact center in the control table: {@code PK = CC#{ccid}#CERT}, {@code SK = alias}. */
public final class CertificateStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public CertificateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static String pk(String ccid) {
        return "CC#" + ccid + "#CERT";
    }

    /**
     * Adds a certificate under a new alias. The same certificate again under the same alias is accepted
     * (a retried upload) and redeploys it; another certificate under a taken alias is a conflict.
     */
    public StoredCertificate add(String ccid, StoredCertificate cert) {
        Map<String, AttributeValue> item = toItem(ccid, cert);
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR fingerprint = :f")
                    .expressionAttributeValues(Map.of(":f", s(cert.sha256Fingerprint()))));
            return cert;
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("alias " + cert.alias() + " already names another certificate");
        }
    }

    public Optional<StoredCertificate> find(String ccid, String alias) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(ccid)), "SK", s(alias)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public List<StoredCertificate> list(String ccid) {
        return ControlQueries.partition(dynamo, table, pk(ccid)).stream().map(CertificateStore::fromItem).toList();
    }

    /** The deployed certificates: the recipients of new media. */
    public List<StoredCertificate> deployed(String ccid) {
        return list(ccid).stream().filter(StoredCertificate::deployed).toList();
    }

    /** Stops using a certificate for new media; the record stays. False when the alias is unknown. */
    public boolean undeploy(String ccid, String alias) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("PK", s(pk(ccid)), "SK", s(alias)))
                    .updateExpression("SET deployed = :f").conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false))));
            return true;
        } catch (ConditionalCheckFailedException unknown) {
            return false;
        }
    }

    /** Records that the alias's private key is in the vault (the key itself never touches this table). */
    public void markPrivateKeyStored(String ccid, String alias) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("PK", s(pk(ccid)), "SK", s(alias)))
                .updateExpression("SET privateKey = :t").conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
    }

    public boolean hasPrivateKey(String ccid, String alias) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", s(pk(ccid)), "SK", s(alias)))).item();
        return item != null && item.containsKey("privateKey") && item.get("privateKey").bool();
    }

    private static Map<String, AttributeValue> toItem(String ccid, StoredCertificate c) {
        Map<String, AttributeValue> i = new HashMap<>();
        i.put("PK", s(pk(ccid)));
        i.put("SK", s(c.alias()));
        i.put("pem", s(c.certificatePem()));
        i.put("subject", s(c.subject()));
        i.put("issuer", s(c.issuer()));
        i.put("serial", s(c.serialNumber()));
        i.put("notBefore", n(c.notBefore().toEpochMilli()));
        i.put("notAfter", n(c.notAfter().toEpochMilli()));
        i.put("fingerprint", s(c.sha256Fingerprint()));
        i.put("keyBits", n(c.keyBits()));
        i.put("deployed", AttributeValue.fromBool(c.deployed()));
        i.put("uploadedAt", n(c.uploadedAt().toEpochMilli()));
        return i;
    }

    private static StoredCertificate fromItem(Map<String, AttributeValue> i) {
        return new StoredCertificate(i.get("SK").s(), i.get("pem").s(), i.get("subject").s(), i.get("issuer").s(),
                i.get("serial").s(), Instant.ofEpochMilli(Long.parseLong(i.get("notBefore").n())),
                Instant.ofEpochMilli(Long.parseLong(i.get("notAfter").n())), i.get("fingerprint").s(),
                Integer.parseInt(i.get("keyBits").n()), i.get("deployed").bool(),
                Instant.ofEpochMilli(Long.parseLong(i.get("uploadedAt").n())));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
