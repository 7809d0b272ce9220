package io.callvault.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.core.codec.InvalidFieldException;
import io.callvault.core.json.Json;
import io.callvault.core.model.CallType;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code gir-scheduler} rule value (spec lifecycle.md §1.2-§1.4, §5.1): the guide's three example rules, defaults,
 * the canonical form and its round trip, and every refusal with the exact field it names.
 */
class LifecycleRuleCodecTest {
    /** JSON written with single quotes, for readability. */
    static JsonNode json(String singleQuoted) {
        try {
            return Json.parse(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static LifecycleRule parse(String singleQuoted) {
        return LifecycleRuleCodec.parse("value", json(singleQuoted));
    }

    static InvalidFieldException refusal(String singleQuoted) {
        try {
            parse(singleQuoted);
        } catch (InvalidFieldException e) {
            return e;
        }
        throw new AssertionError("accepted: " + singleQuoted);
    }

    static final String VOICE_365 = "{'type':'voice','minAge':365,'maxAge':null}";

    /** The guide's "Daily Backup" (L32321), with an S3 location for its file:// folder. */
    static final String DAILY_BACKUP = "{'enabled':true,'schedule':{'repeatDailyAt':'22:00:00'},'tasks':[{'type':'backup',"
            + "'filter':{'type':'voice','minAge':1,'maxAge':2},"
            + "'parameters':{'location':'s3://backup-storage-for-voice','executeOnScreenRecording':true}}]}";
    /** The guide's "PurgeOldFiles" (L32343). */
    static final String PURGE_OLD_FILES = "{'enabled':true,'schedule':{'repeatDailyAt':'02:00:00'},'tasks':[{'type':'purge',"
            + "'filter':" + VOICE_365 + ",'parameters':{'executeOnScreenRecording':true}}]}";
    /** The guide's "Backup and Purge" (L32372): the purge shows no parameters. */
    static final String BACKUP_AND_PURGE = "{'enabled':true,'schedule':{'repeatDailyAt':'02:00:00'},'tasks':["
            + "{'type':'backup','filter':" + VOICE_365 + ",'parameters':{'location':'s3://backup-storage-for-voice/gir',"
            + "'executeOnScreenRecording':true}},{'type':'purge','filter':" + VOICE_365 + "}]}";

    @Test
    void theGuidesThreeExampleRulesAreAccepted() {
        LifecycleRule daily = parse(DAILY_BACKUP);
        assertThat(daily.repeatDailyAt()).isEqualTo(LocalTime.of(22, 0));
        assertThat(daily.tasks()).containsExactly(new LifecycleTask(TaskType.BACKUP,
                new RecordingFilter(FilterType.VOICE, 1, 2, null, List.of(), List.of()), "s3://backup-storage-for-voice",
                true));

        LifecycleRule purge = parse(PURGE_OLD_FILES);
        assertThat(purge.repeatDailyAt()).isEqualTo(LocalTime.of(2, 0));
        assertThat(purge.tasks()).containsExactly(new LifecycleTask(TaskType.PURGE,
                new RecordingFilter(FilterType.VOICE, 365, null, null, List.of(), List.of()), null, true));

        LifecycleRule both = parse(BACKUP_AND_PURGE);
        assertThat(both.tasks()).extracting(LifecycleTask::type).containsExactly(TaskType.BACKUP, TaskType.PURGE);
        assertThat(both.tasks().get(0).filter()).isEqualTo(both.tasks().get(1).filter());
        assertThat(both.tasks().get(1).executeOnScreenRecording()).isFalse();
    }

    @Test
    void theBriefsFullExampleReadsAsWrittenAndWritesBackCanonically() {
        String filter = "{'type':'voice','minAge':365,'maxAge':null,'callType':'Inbound','labels':{'include':['keep'],"
                + "'exclude':['legal']}}";
        LifecycleRule rule = parse("{'enabled':true,'schedule':{'repeatDailyAt':'02:00:00'},'region':'us','tasks':["
                + "{'type':'backup','filter':" + filter + ",'parameters':{'location':'s3://bucket/prefix',"
                + "'executeOnScreenRecording':true}},{'type':'purge','filter':" + filter
                + ",'parameters':{'executeOnScreenRecording':true}}]}");
        RecordingFilter f = new RecordingFilter(FilterType.VOICE, 365, null, CallType.INBOUND, List.of("keep"), List.of("legal"));
        assertThat(rule).isEqualTo(new LifecycleRule(true, LocalTime.of(2, 0), "us", List.of(
                new LifecycleTask(TaskType.BACKUP, f, "s3://bucket/prefix", true),
                new LifecycleTask(TaskType.PURGE, f, null, true))));
        assertThat(LifecycleRuleCodec.write(rule).toString()).isEqualTo(json("{'enabled':true,'schedule':{'repeatDailyAt':"
                + "'02:00:00'},'region':'us','tasks':[{'type':'backup','filter':" + filter + ",'parameters':{'location':"
                + "'s3://bucket/prefix','executeOnScreenRecording':true}},{'type':'purge','filter':" + filter
                + ",'parameters':{'executeOnScreenRecording':true}}]}").toString());
    }

    @Test
    void leftOutFieldsTakeTheirDocumentedDefaults() {
        LifecycleRule rule = parse("{'schedule':{'repeatDailyAt':'02:30'},'tasks':[{'type':'backup','filter':{}}]}");
        assertThat(rule).isEqualTo(new LifecycleRule(true, LocalTime.of(2, 30), null, List.of(new LifecycleTask(
                TaskType.BACKUP, new RecordingFilter(FilterType.VOICE, 0, null, null, List.of(), List.of()), null, false))));
        assertThat(LifecycleRuleCodec.write(rule).toString()).isEqualTo(json("{'enabled':true,'schedule':{'repeatDailyAt':"
                + "'02:30:00'},'region':null,'tasks':[{'type':'backup','filter':{'type':'voice','minAge':0,'maxAge':null,"
                + "'callType':null,'labels':{'include':[],'exclude':[]}},'parameters':{'location':null,"
                + "'executeOnScreenRecording':false}}]}").toString());
        // Nulls read as left out.
        assertThat(parse("{'enabled':null,'region':null,'schedule':{'repeatDailyAt':'02:30'},'tasks':[{'type':'backup',"
                + "'filter':{'type':null,'minAge':null,'maxAge':null,'callType':null,'labels':null},'parameters':null}]}"))
                .isEqualTo(rule);
    }

    @Test
    void namesAreReadIgnoringCaseAndWrittenInTheirCanonicalSpelling() {
        LifecycleRule rule = parse("{'schedule':{'repeatDailyAt':'23:59:59'},'tasks':[{'type':'BACKUP','filter':{"
                + "'type':'Voice','callType':'consult'}},{'type':'Purge','filter':{'type':'VOICE','callType':'CONSULT'}}]}");
        assertThat(rule.tasks()).extracting(LifecycleTask::type).containsExactly(TaskType.BACKUP, TaskType.PURGE);
        assertThat(rule.tasks().get(0).filter().callType()).isEqualTo(CallType.CONSULT);
        String written = LifecycleRuleCodec.write(rule).toString();
        assertThat(written).contains("\"type\":\"backup\"", "\"type\":\"purge\"", "\"type\":\"voice\"",
                "\"callType\":\"Consult\"", "\"repeatDailyAt\":\"23:59:59\"");
    }

    @Test
    void aPurgeOnlyRuleIsAllowedAsTheGuideAllowsIt() {
        // The guide warns against it (L13576) but does not forbid it.
        assertThat(parse(PURGE_OLD_FILES).tasks()).hasSize(1);
        assertThat(parse("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'purge','filter':{'type':'screen'}}]}")
                .tasks().get(0).filter().type()).isEqualTo(FilterType.SCREEN);
    }

    @Test
    void severalBackupsMayPrecedeThePurgeWhenTheyAllSelectWhatItSelects() {
        LifecycleRule rule = parse("{'schedule':{'repeatDailyAt':'02:00'},'tasks':["
                + "{'type':'backup','filter':{'minAge':30,'labels':{'include':['a','b']}},'parameters':{'location':'s3://one'}},"
                + "{'type':'backup','filter':{'minAge':30,'labels':{'include':['b','a']}},'parameters':{'location':'s3://two/x/'}},"
                + "{'type':'purge','filter':{'minAge':30,'labels':{'include':['a','b']}}}]}");
        assertThat(rule.tasks()).hasSize(3);
        assertThat(rule.tasks().get(1).location()).as("a trailing / is dropped").isEqualTo("s3://two/x");
        // Backups without a purge may select what they like.
        assertThat(parse("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{'minAge':1}},"
                + "{'type':'backup','filter':{'type':'screen','minAge':7,'maxAge':8}}]}").tasks()).hasSize(2);
    }

    @Test
    void theCanonicalFormRoundTripsForManyRandomRules() {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            LifecycleRule rule = randomRule(random);
            JsonNode written = LifecycleRuleCodec.write(rule);
            assertThat(LifecycleRuleCodec.parse("value", written)).as(written.toString()).isEqualTo(rule);
            assertThat(LifecycleRuleCodec.write(LifecycleRuleCodec.parse("value", written))).isEqualTo(written);
        }
        for (String example : List.of(DAILY_BACKUP, PURGE_OLD_FILES, BACKUP_AND_PURGE)) {
            LifecycleRule rule = parse(example);
            assertThat(LifecycleRuleCodec.parse("value", LifecycleRuleCodec.write(rule))).isEqualTo(rule);
        }
    }

    static LifecycleRule randomRule(Random random) {
        FilterType type = random.nextBoolean() ? FilterType.VOICE : FilterType.SCREEN;
        int minAge = random.nextInt(400);
        Integer maxAge = random.nextBoolean() ? null : minAge + random.nextInt(400);
        CallType callType = type == FilterType.VOICE && random.nextBoolean()
                ? CallType.values()[random.nextInt(CallType.values().length)] : null;
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            include.add("keep " + i);
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            exclude.add("légal-" + i);
        }
        RecordingFilter filter = new RecordingFilter(type, minAge, maxAge, callType, include, exclude);
        List<LifecycleTask> tasks = new ArrayList<>();
        boolean screens = type == FilterType.VOICE && random.nextBoolean();
        for (int i = random.nextInt(4); i > 0; i--) {
            tasks.add(new LifecycleTask(TaskType.BACKUP, filter, random.nextBoolean() ? null : "s3://bucket-" + i + "/p/" + i,
                    screens));
        }
        if (tasks.isEmpty() || random.nextBoolean()) {
            tasks.add(new LifecycleTask(TaskType.PURGE, filter, null, screens && random.nextBoolean()));
        }
        return new LifecycleRule(random.nextBoolean(), LocalTime.of(random.nextInt(24), random.nextInt(60),
                random.nextInt(60)), random.nextBoolean() ? null : "region-" + random.nextInt(5), tasks);
    }

    /** A rule with one backup task, its filter and parameters given; the rest valid. */
    static String backup(String filter, String parameters) {
        return "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':" + filter
                + (parameters == null ? "" : ",'parameters':" + parameters) + "}]}";
    }

    @ParameterizedTest(name = "[{1}] refused in {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[]| value",
            "'rule'| value",
            "{'tasks':[{'type':'backup','filter':{}}]}| value.schedule",
            "{'schedule':'02:00:00','tasks':[{'type':'backup','filter':{}}]}| value.schedule",
            "{'schedule':{},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'24:00:00'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'2:00'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'02:00:60'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'02:00:00Z'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'02:00:00.5'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':200},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.repeatDailyAt",
            "{'schedule':{'repeatDailyAt':'02:00','cron':'0 2 * * *'},'tasks':[{'type':'backup','filter':{}}]}| value.schedule.cron",
            "{'enabled':'yes','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.enabled",
            "{'enabled':1,'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.enabled",
            "{'region':'','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.region",
            "{'region':'us east','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.region",
            "{'region':'us/east','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.region",
            "{'region':['us'],'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.region",
            "{'schedule':{'repeatDailyAt':'02:00'}}| value.tasks",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[]}| value.tasks",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':{'type':'backup'}}| value.tasks",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':['backup']}| value.tasks[0]",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'filter':{}}]}| value.tasks[0].type",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'archive','filter':{}}]}| value.tasks[0].type",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':1,'filter':{}}]}| value.tasks[0].type",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup'}]}| value.tasks[0].filter",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':'voice'}]}| value.tasks[0].filter",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{},'parameters':[]}]}| value.tasks[0].parameters",
            "{'name':'x','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.name",
            "{'location':'/US','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.location",
            "{'Enabled':true,'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}}]}| value.Enabled",
            "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{},'when':1}]}| value.tasks[0].when",
            "{'type':'voice','minAge':-1}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':36501}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':'1'}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':1.5}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':1e400}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':99999999999999999999}| value.tasks[0].filter.minAge",
            "{'type':'voice','minAge':3,'maxAge':2}| value.tasks[0].filter.maxAge",
            "{'type':'voice','maxAge':36501}| value.tasks[0].filter.maxAge",
            "{'type':'voice','maxAge':-1}| value.tasks[0].filter.maxAge",
            "{'type':'video'}| value.tasks[0].filter.type",
            "{'type':['voice']}| value.tasks[0].filter.type",
            "{'callType':'Inbnd'}| value.tasks[0].filter.callType",
            "{'callType':3}| value.tasks[0].filter.callType",
            "{'type':'screen','callType':'Inbound'}| value.tasks[0].filter.callType",
            "{'labels':['keep']}| value.tasks[0].filter.labels",
            "{'labels':{'include':'keep'}}| value.tasks[0].filter.labels.include",
            "{'labels':{'include':[7]}}| value.tasks[0].filter.labels.include[0]",
            "{'labels':{'include':['a/b']}}| value.tasks[0].filter.labels.include[0]",
            "{'labels':{'include':['*']}}| value.tasks[0].filter.labels.include[0]",
            "{'labels':{'exclude':['ok',' lead']}}| value.tasks[0].filter.labels.exclude[1]",
            "{'labels':{'include':['a','a']}}| value.tasks[0].filter.labels.include[1]",
            "{'labels':{'include':['a','b'],'exclude':['c','b']}}| value.tasks[0].filter.labels.exclude[1]",
            "{'labels':{'include':[],'other':[]}}| value.tasks[0].filter.labels.other",
            "{'userData':{'keep_recording':'no'}}| value.tasks[0].filter.userData",
            "{'maxage':3}| value.tasks[0].filter.maxage",
    })
    void eachRefusalNamesItsField(String input, String field) {
        String value = input.startsWith("{'type'") || input.startsWith("{'callType'") || input.startsWith("{'labels'")
                || input.startsWith("{'userData'") || input.startsWith("{'maxage'") ? backup(input, null) : input;
        InvalidFieldException e = refusal(value);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage().length()).isLessThan(600);
    }

    @Test
    void twentyLabelsFitAndTwentyOneDoNot() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            labels.append(i == 0 ? "" : ",").append("'l").append(i).append("'");
        }
        assertThat(parse(backup("{'labels':{'include':[" + labels + "],'exclude':[" + labels.toString().replace("'l", "'x")
                + "]}}", null)).tasks().get(0).filter().labelsInclude()).hasSize(20);
        assertThat(refusal(backup("{'labels':{'include':[" + labels + ",'l20']}}", null)).field())
                .isEqualTo("value.tasks[0].filter.labels.include");
        assertThat(refusal(backup("{'labels':{'exclude':[" + labels + ",'l20']}}", null)).field())
                .isEqualTo("value.tasks[0].filter.labels.exclude");
    }

    @Test
    void tenTasksFitAndElevenDoNot() {
        String task = "{'type':'backup','filter':{}}";
        String ten = String.join(",", java.util.Collections.nCopies(10, task));
        assertThat(parse("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[" + ten + "]}").tasks()).hasSize(10);
        assertThat(refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[" + ten + "," + task + "]}").field())
                .isEqualTo("value.tasks");
    }

    @ParameterizedTest(name = "refused backup location [{0}]")
    @ValueSource(strings = {"file://BackUpStorageFolderforVoiceRecordings", "FILE:///mnt/backup", "/mnt/backup",
            "http://bucket/x", "s3:/bucket", "s3://", "s3://ab", "s3://Bad_Bucket", "s3://UPPER", "s3://-bucket",
            "s3://bucket-", "s3://my..bucket", "s3://my.-bucket", "s3://192.168.1.1", "s3://xn--bucket", "s3://sthree-x",
            "s3://amzn-s3-demo-x", "s3://bucket-s3alias", "s3://bucket--ol-s3", "s3://bucket.mrap", "s3://bucket--x-s3",
            "s3://bucket/../other", "s3://bucket/a/../../b", "s3://bucket//x", "s3://bucket/a//b", "s3://bucket/./x",
            "s3://bucket/a b", "s3://bucket/a\u0000b", "s3://bucket/a\nb", "s3://bucket/a?b", "s3://bucket/a#b",
            "s3://bucket/unrecoverable", "s3://bucket/unrecoverable/x", "s3://bucket/a%2e%2e", "s3://bucket/é"})
    void unsafeOrUnreachableBackupLocationsAreRefused(String location) {
        InvalidFieldException e = refusal(backup("{}", "{'location':" + Json.MAPPER.getNodeFactory().textNode(location)
                .toString().replace('"', '\'') + "}"));
        assertThat(e.field()).isEqualTo("value.tasks[0].parameters.location");
        assertThat(e.getMessage()).doesNotContain("\u0000", "\n");
    }

    @Test
    void aFileFolderIsRefusedSayingBackupsGoToS3() {
        InvalidFieldException e = refusal(backup("{}", "{'location':'file://BackUpStorageFolderforVoiceRecordings'}"));
        assertThat(e.getMessage()).contains("S3", "no shared file system");
        assertThat(refusal(backup("{}", "{'location':7}")).field()).isEqualTo("value.tasks[0].parameters.location");
        assertThat(refusal(backup("{}", "{'location':'s3://" + "a".repeat(2000) + "'}")).getMessage())
                .contains("longer than 1024").hasSizeLessThan(300);
    }

    @ParameterizedTest(name = "accepted backup location [{0}]")
    @CsvSource({"s3://backup-storage, s3://backup-storage", "s3://backup.storage.example/gir/voice, s3://backup.storage.example/gir/voice",
            "s3://abc/, s3://abc", "s3://b-1/year=2026/x_y.z, s3://b-1/year=2026/x_y.z",
            "s3://bucket/unrecoverables, s3://bucket/unrecoverables", "s3://bucket/archive/unrecoverable, s3://bucket/archive/unrecoverable"})
    void s3LocationsAreAcceptedInCanonicalForm(String location, String canonical) {
        assertThat(parse(backup("{}", "{'location':'" + location + "'}")).tasks().get(0).location()).isEqualTo(canonical);
    }

    @Test
    void parametersAreCheckedForTheirTaskType() {
        assertThat(refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'purge','filter':{},"
                + "'parameters':{'location':'s3://bucket'}}]}").field()).isEqualTo("value.tasks[0].parameters.location");
        assertThat(refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'purge','filter':{},"
                + "'parameters':{'location':null}}]}").field()).isEqualTo("value.tasks[0].parameters.location");
        assertThat(refusal(backup("{}", "{'executeOnScreenRecording':'true'}")).field())
                .isEqualTo("value.tasks[0].parameters.executeOnScreenRecording");
        assertThat(refusal(backup("{}", "{'zip':true}")).field()).isEqualTo("value.tasks[0].parameters.zip");
        InvalidFieldException screen = refusal(backup("{'type':'screen'}", "{'executeOnScreenRecording':true}"));
        assertThat(screen.field()).isEqualTo("value.tasks[0].parameters.executeOnScreenRecording");
        assertThat(screen.getMessage()).contains("voice");
        assertThat(parse(backup("{'type':'screen'}", "{'executeOnScreenRecording':false}")).tasks()).hasSize(1);
    }

    @Test
    void onFailureIsRefusedWithTheReason() {
        for (String rule : List.of(
                "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{},'onFailure':'nextTask'},"
                        + "{'type':'purge','filter':{}}]}",
                "{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{},'onFailure':'stop'}]}")) {
            InvalidFieldException e = refusal(rule);
            assertThat(e.field()).isEqualTo("value.tasks[0].onFailure");
            assertThat(e.getMessage()).contains("never purges a recording whose backup did not complete", "L32394");
        }
        assertThat(refusal("{'onFailure':'stop','schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup',"
                + "'filter':{}}]}").field()).isEqualTo("value.onFailure");
    }

    @Test
    void theGuidesWarningsAboutPurgeTasksAreErrors() {
        InvalidFieldException two = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}},"
                + "{'type':'purge','filter':{}},{'type':'purge','filter':{}}]}");
        assertThat(two.field()).isEqualTo("value.tasks[2].type");
        assertThat(two.getMessage()).contains("at most one purge", "L13583");

        InvalidFieldException first = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'purge','filter':{}},"
                + "{'type':'backup','filter':{}}]}");
        assertThat(first.field()).isEqualTo("value.tasks[0].type");
        assertThat(first.getMessage()).contains("last", "L13584", "L32400");

        InvalidFieldException middle = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}},"
                + "{'type':'purge','filter':{}},{'type':'backup','filter':{}}]}");
        assertThat(middle.field()).isEqualTo("value.tasks[1].type");
    }

    @ParameterizedTest(name = "purge filter differing in {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'minAge':365}| {'minAge':364}| minAge",
            "{'minAge':1,'maxAge':2}| {'minAge':1}| maxAge",
            "{'minAge':1,'maxAge':2}| {'minAge':1,'maxAge':3}| maxAge",
            "{'type':'voice'}| {'type':'screen'}| type",
            "{'callType':'Inbound'}| {}| callType",
            "{'callType':'Inbound'}| {'callType':'Outbound'}| callType",
            "{'labels':{'include':['keep']}}| {}| labels.include",
            "{'labels':{'include':['keep']}}| {'labels':{'include':['keep','more']}}| labels.include",
            "{}| {'labels':{'exclude':['legal']}}| labels.exclude",
    })
    void aPurgeMustSelectExactlyWhatTheBackupsSelect(String backupFilter, String purgeFilter, String field) {
        InvalidFieldException e = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':"
                + backupFilter + "},{'type':'purge','filter':" + purgeFilter + "}]}");
        assertThat(e.field()).isEqualTo("value.tasks[1].filter." + field);
        assertThat(e.getMessage()).contains("tasks[0]", "L32390");
        // With a second, matching backup first, the differing one is still named.
        InvalidFieldException second = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':"
                + purgeFilter + "},{'type':'backup','filter':" + backupFilter + "},{'type':'purge','filter':" + purgeFilter
                + "}]}");
        assertThat(second.field()).isEqualTo("value.tasks[2].filter." + field);
        assertThat(second.getMessage()).contains("tasks[1]");
    }

    @Test
    void aPurgeMayNotTakeScreenRecordingsItsBackupsLeft() {
        InvalidFieldException e = refusal("{'schedule':{'repeatDailyAt':'02:00'},'tasks':[{'type':'backup','filter':{}},"
                + "{'type':'purge','filter':{},'parameters':{'executeOnScreenRecording':true}}]}");
        assertThat(e.field()).isEqualTo("value.tasks[1].parameters.executeOnScreenRecording");
        // The other way round (the guide's "Backup and Purge") is fine: the backup takes more than the purge deletes.
        assertThat(parse(BACKUP_AND_PURGE).tasks()).hasSize(2);
    }

    @Test
    void hostileKeysAndValuesAreRefusedWithoutBeingEchoedRaw() {
        String hostile = "k\u0000\u0007\n".repeat(2_500);
        var node = Json.object();
        node.putObject("schedule").put("repeatDailyAt", "02:00");
        node.putArray("tasks").addObject().put("type", "backup").putObject("filter");
        node.put(hostile, 1);
        InvalidFieldException unknown = assertRefused(node);
        assertThat(unknown.field()).startsWith("value.\"k\\u0000").hasSizeLessThan(400);

        node.remove(hostile);
        node.put("region", hostile);
        assertThat(assertRefused(node).field()).isEqualTo("value.region");
        node.remove("region");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("schedule")).put("repeatDailyAt", hostile);
        assertThat(assertRefused(node).field()).isEqualTo("value.schedule.repeatDailyAt");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("schedule")).put("repeatDailyAt", "02:00");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("tasks").get(0)).put("type", hostile);
        assertThat(assertRefused(node).field()).isEqualTo("value.tasks[0].type");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("tasks").get(0)).put("type", "backup");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("tasks").get(0).get("filter")).putObject("labels")
                .putArray("include").add(hostile);
        assertThat(assertRefused(node).field()).isEqualTo("value.tasks[0].filter.labels.include[0]");
    }

    static InvalidFieldException assertRefused(JsonNode value) {
        try {
            LifecycleRuleCodec.parse("value", value);
        } catch (InvalidFieldException e) {
            assertThat(e.getMessage()).hasSizeLessThan(600).doesNotContain("\u0000", "\u0007", "\n");
            return e;
        }
        throw new AssertionError("accepted " + value);
    }

    @ParameterizedTest(name = "accepted rule name [{0}]")
    @ValueSource(strings = {"Daily Backup", "PurgeOldFiles", "Backup and Purge", "a", "v1.2_rule-x", "0"})
    void theGuidesRuleNamesAreAccepted(String name) {
        assertThat(LifecycleRuleCodec.checkName("name", name)).isEqualTo(name);
        assertThat(LifecycleRuleCodec.checkName("name", "x".repeat(64))).hasSize(64);
        assertThatThrownBy(() -> LifecycleRuleCodec.checkName("name", "x".repeat(65))).hasMessageContaining("longer than 64");
    }

    @ParameterizedTest(name = "refused rule name [{0}]")
    @ValueSource(strings = {"", " lead", "trail ", "a#b", "a/b", "a\\b", "a\u0000b", "a\tb", "tab\u00a0nbsp", "Grüße",
            "a*", "{x}", "é"})
    void otherRuleNamesAreRefused(String name) {
        assertThatThrownBy(() -> LifecycleRuleCodec.checkName("[1].name", name))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("[1].name");
                    assertThat(e.getMessage()).doesNotContain("\u0000", "\t");
                });
    }

    @Test
    void aTenThousandCharacterNameIsRefusedShortly() {
        assertThatThrownBy(() -> LifecycleRuleCodec.checkName("name", "n\u0001".repeat(5_000)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.getMessage())
                        .hasSizeLessThan(500).contains("10000 characters").doesNotContain("\u0001"));
        assertThatThrownBy(() -> LifecycleRuleCodec.checkName("name", null)).hasMessageContaining("required");
    }
}
