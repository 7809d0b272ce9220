package io.callvault.core.lifecycle;

/** The guide's two task types (L32300-L32303), as written in a rule: {@code backup}, {@code purge}. */
public enum TaskType {
    BACKUP("backup"), PURGE("purge");

    private final String wireName;

    TaskType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
