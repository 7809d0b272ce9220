package io.callvault.bench.baseline;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One item of the recordings table as an enhanced-client bean: the same META, MEDIA#, guard and EVT#
 * items callvault's store writes, in one class with the attributes each kind uses (unset ones stay null
 * and are not written).
 */
@DynamoDbBean
public class RecordingItem {
    private String pk;
    private String sk;
    private String kind;
    private String ccid;
    private String id;
    private String callerPhoneNumber;
    private String dialedPhoneNumber;
    private Long startTime;
    private Long stopTime;
    private String gsi1pk;
    private String gsi1sk;
    private String doc;
    private String owner;
    private Long createdAt;
    private Long version;

    @DynamoDbPartitionKey
    @DynamoDbAttribute("PK")
    public String getPk() { return pk; }
    public void setPk(String pk) { this.pk = pk; }

    @DynamoDbSortKey
    @DynamoDbAttribute("SK")
    public String getSk() { return sk; }
    public void setSk(String sk) { this.sk = sk; }

    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }

    public String getCcid() { return ccid; }
    public void setCcid(String ccid) { this.ccid = ccid; }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }

    public String getCallerPhoneNumber() { return callerPhoneNumber; }
    public void setCallerPhoneNumber(String callerPhoneNumber) { this.callerPhoneNumber = callerPhoneNumber; }

    public String getDialedPhoneNumber() { return dialedPhoneNumber; }
    public void setDialedPhoneNumber(String dialedPhoneNumber) { this.dialedPhoneNumber = dialedPhoneNumber; }

    public Long getStartTime() { return startTime; }
    public void setStartTime(Long startTime) { this.startTime = startTime; }

    public Long getStopTime() { return stopTime; }
    public void setStopTime(Long stopTime) { this.stopTime = stopTime; }

    @DynamoDbAttribute("GSI1PK")
    public String getGsi1pk() { return gsi1pk; }
    public void setGsi1pk(String gsi1pk) { this.gsi1pk = gsi1pk; }

    @DynamoDbAttribute("GSI1SK")
    public String getGsi1sk() { return gsi1sk; }
    public void setGsi1sk(String gsi1sk) { this.gsi1sk = gsi1sk; }

    public String getDoc() { return doc; }
    public void setDoc(String doc) { this.doc = doc; }

    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }

    public Long getCreatedAt() { return createdAt; }
    public void setCreatedAt(Long createdAt) { this.createdAt = createdAt; }

    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
