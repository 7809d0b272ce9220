package io.callvault.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.core.json.Json;
import io.callvault.core.lifecycle.FilterType;
import io.callvault.core.lifecycle.LifecycleRule;
import io.callvault.core.lifecycle.LifecycleRuleCodec;
import io.callvault.core.lifecycle.LifecycleTask;
import io.callvault.core.lifecycle.RecordingFilter;
import io.callvault.core.lifecycle.ScheduleIndex;
import io.callvault.core.lifecycle.TaskType;
import io.callvault.core.settings.ReceiverUrls;
import io.callvault.core.settings.SettingGroup;
import io.callvault.core.settings.SettingGroups;
import io.callvault.standins.StandInStack;
import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The {@code gir-scheduler} settings in the control table on DynamoDB Local, created from template.yaml: the sparse
 * {@code ScheduleIndex} keys of enabled rules, kept in step by every write and delete, and the scheduler's reads
 * ({@link LifecycleRuleStore#dueAt}, {@link LifecycleRuleStore#find}).
 */
class LifecycleRuleStoreTest {
    static final StandInStack STACK = StandInStack.shared();
    static final String TABLE = STACK.resourceName("ControlTable");
    static final SettingGroup GROUP = new SettingGroups(new ReceiverUrls(true)).group(SettingGroups.GIR_SCHEDULER);

    final SettingsStore settings = new SettingsStore(STACK.dynamo(), TABLE, Clock.systemUTC());
    final LifecycleRuleStore rules = new LifecycleRuleStore(STACK.dynamo(), TABLE);
    /** A location of this test alone: the index is shared by every contact center in the table. */
    final String location = "/test/" + UUID.randomUUID();

    static LifecycleRule rule(boolean enabled, LocalTime at) {
        RecordingFilter filter = new RecordingFilter(FilterType.VOICE, 365, null, null, List.of(), List.of());
        return new LifecycleRule(enabled, at, null, List.of(new LifecycleTask(TaskType.BACKUP, filter, null, true),
                new LifecycleTask(TaskType.PURGE, filter, null, true)));
    }

    /** Writes as the settings API does: the value as the group stores it, with the group's index attributes. */
    void put(String ccid, String name, String at, LifecycleRule rule, long expectedVersion) {
        JsonNode stored = GROUP.definition("name", name).validator().validate("value", LifecycleRuleCodec.write(rule));
        settings.write(ccid, GROUP.name(), GROUP::indexAttributes,
                List.of(new SettingsStore.Write(name, at, stored, null, expectedVersion)), "admin");
    }

    Map<String, AttributeValue> item(String ccid, String name, String at) {
        return STACK.dynamo().getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#gir-scheduler"),
                "SK", AttributeValue.fromS("NAME#" + name + "#LOC#" + at)))).item();
    }

    @Test
    void dynamoDbLocalHasTheTemplatesScheduleIndex() {
        GlobalSecondaryIndexDescription index = STACK.dynamo().describeTable(b -> b.tableName(TABLE)).table()
                .globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(ScheduleIndex.NAME)).findFirst()
                .orElseThrow(() -> new AssertionError("no ScheduleIndex on the ControlTable"));
        assertThat(index.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("SCHED_PK", "SCHED_SK");
        assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
    }

    @Test
    void anEnabledRuleCarriesItsIndexKeysAndADisabledOneNone() {
        String ccid = UUID.randomUUID().toString();
        put(ccid, "Backup and Purge", location, rule(true, LocalTime.of(2, 0, 30)), 0);
        Map<String, AttributeValue> item = item(ccid, "Backup and Purge", location);
        assertThat(item.get("SCHED_PK").s()).isEqualTo("LIFECYCLE#" + location + "#02:00");
        assertThat(item.get("SCHED_SK").s()).isEqualTo(ccid + "#Backup and Purge");

        put(ccid, "Backup and Purge", location, rule(false, LocalTime.of(2, 0, 30)), 1);
        assertThat(item(ccid, "Backup and Purge", location)).doesNotContainKeys("SCHED_PK", "SCHED_SK")
                .containsKeys("name", "value");
        assertThat(rules.dueAt(location, LocalTime.of(2, 0))).isEmpty();

        put(ccid, "Backup and Purge", location, rule(true, LocalTime.of(23, 59, 59)), 2);
        assertThat(item(ccid, "Backup and Purge", location).get("SCHED_PK").s()).isEqualTo("LIFECYCLE#" + location + "#23:59");
        assertThat(rules.dueAt(location, LocalTime.of(23, 59))).extracting(LifecycleRuleStore.StoredRule::name)
                .containsExactly("Backup and Purge");

        settings.delete(ccid, GROUP.name(), "Backup and Purge", location);
        assertThat(rules.dueAt(location, LocalTime.of(23, 59))).isEmpty();
        assertThat(rules.find(ccid, "Backup and Purge", location)).isEmpty();
    }

    @Test
    void dueAtReturnsExactlyTheEnabledRulesOfThatLocationAndMinute() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        put(a, "Daily Backup", location, rule(true, LocalTime.of(2, 0, 0)), 0);
        put(a, "Late in the minute", location, rule(true, LocalTime.of(2, 0, 59)), 0);
        put(b, "PurgeOldFiles", location, rule(true, LocalTime.of(2, 0, 15)), 0);
        put(b, "Disabled", location, rule(false, LocalTime.of(2, 0, 0)), 0);
        put(a, "A minute early", location, rule(true, LocalTime.of(1, 59, 59)), 0);
        put(a, "A minute late", location, rule(true, LocalTime.of(2, 1, 0)), 0);
        put(a, "Below", location + "/node-1", rule(true, LocalTime.of(2, 0, 0)), 0);
        put(a, "Above", "/test", rule(true, LocalTime.of(2, 0, 0)), 0);

        List<LifecycleRuleStore.StoredRule> due = rules.dueAt(location, LocalTime.of(2, 0, 42));
        assertThat(due).extracting(r -> r.ccid() + "/" + r.name()).containsExactlyInAnyOrder(
                a + "/Daily Backup", a + "/Late in the minute", b + "/PurgeOldFiles");
        assertThat(due).allSatisfy(r -> {
            assertThat(r.location()).isEqualTo(location);
            assertThat(r.rule().enabled()).isTrue();
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.updatedBy()).isEqualTo("admin");
        });
        assertThat(due).filteredOn(r -> r.name().equals("Late in the minute")).singleElement()
                .satisfies(r -> assertThat(r.rule()).isEqualTo(rule(true, LocalTime.of(2, 0, 59))));
        assertThat(rules.dueAt(location, LocalTime.of(2, 1))).extracting(LifecycleRuleStore.StoredRule::name)
                .containsExactly("A minute late");
        assertThat(rules.dueAt(location + "/node-1", LocalTime.of(2, 0))).extracting(LifecycleRuleStore.StoredRule::name)
                .containsExactly("Below");
        assertThat(rules.dueAt(location, LocalTime.of(3, 0))).isEmpty();
    }

    @Test
    void findReadsOneRuleEnabledOrNot() {
        String ccid = UUID.randomUUID().toString();
        put(ccid, "Disabled", location, rule(false, LocalTime.of(4, 5, 6)), 0);
        LifecycleRuleStore.StoredRule found = rules.find(ccid, "Disabled", location).orElseThrow();
        assertThat(found.rule()).isEqualTo(rule(false, LocalTime.of(4, 5, 6)));
        assertThat(found.ccid()).isEqualTo(ccid);
        assertThat(rules.find(ccid, "Disabled", "/")).isEmpty();
        assertThat(rules.find(UUID.randomUUID().toString(), "Disabled", location)).isEmpty();
    }

    @Test
    void aStoredRuleThatNoLongerValidatesIsLeftOutOfDueAtAndFailsFind() {
        String ccid = UUID.randomUUID().toString();
        put(ccid, "Good", location, rule(true, LocalTime.of(5, 0)), 0);
        ObjectNode broken = LifecycleRuleCodec.write(rule(true, LocalTime.of(5, 0)));
        broken.put("onFailure", "nextTask");
        STACK.dynamo().putItem(b -> b.tableName(TABLE).item(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#gir-scheduler"),
                "SK", AttributeValue.fromS("NAME#Broken#LOC#" + location),
                "name", AttributeValue.fromS("Broken"), "location", AttributeValue.fromS(location),
                "value", AttributeValue.fromS(Json.canonical(broken)), "version", AttributeValue.fromN("1"),
                "updatedAt", AttributeValue.fromN("0"), "updatedBy", AttributeValue.fromS("someone"),
                "SCHED_PK", AttributeValue.fromS(ScheduleIndex.partition(location, LocalTime.of(5, 0))),
                "SCHED_SK", AttributeValue.fromS(ScheduleIndex.sort(ccid, "Broken")))));
        assertThat(rules.dueAt(location, LocalTime.of(5, 0))).extracting(LifecycleRuleStore.StoredRule::name)
                .containsExactly("Good");
        assertThatThrownBy(() -> rules.find(ccid, "Broken", location)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Broken").hasMessageContaining(ccid).hasMessageContaining("onFailure");
    }

    @Test
    void otherGroupsItemsCarryNoIndexKeys() {
        String ccid = UUID.randomUUID().toString();
        SettingGroup rps = new SettingGroups(new ReceiverUrls(true)).group(SettingGroups.RPS_PROVISIONING);
        settings.write(ccid, rps.name(), rps::indexAttributes, List.of(new SettingsStore.Write("acwThresholdMinutes", "/",
                Json.MAPPER.getNodeFactory().numberNode(5), null, 0)), "admin");
        var item = STACK.dynamo().getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS("CC#" + ccid + "#GROUP#rps-provisioning"),
                "SK", AttributeValue.fromS("NAME#acwThresholdMinutes#LOC#/")))).item();
        assertThat(item).containsKey("value").doesNotContainKeys("SCHED_PK", "SCHED_SK");
    }

    @Test
    void anIndexHookMayNotReplaceTheItemsOwnAttributes() {
        assertThatThrownBy(() -> settings.write(UUID.randomUUID().toString(), "x", (c, n, l, v) -> Map.of("version", "9"),
                List.of(new SettingsStore.Write("n", "/", Json.object(), null, 0)), "admin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("version");
    }
}
