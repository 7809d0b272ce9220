package io.callvault.api.intake;

import io.callvault.core.intake.IntakeKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One conditional {@code UpdateItem} on an intake item, built attribute by attribute: every attribute name is
 * aliased ({@code #status}, ...: several are DynamoDB reserved words), every value a placeholder. A condition
 * names attributes as {@code #name} and values through {@link #value}.
 */
final class ItemUpdate {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private String condition;

    ItemUpdate set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    ItemUpdate set(String attribute, String value) {
        return set(attribute, AttributeValue.fromS(value));
    }

    ItemUpdate set(String attribute, long value) {
        return set(attribute, AttributeValue.fromN(Long.toString(value)));
    }

    ItemUpdate setAll(Map<String, AttributeValue> attributes) {
        attributes.forEach(this::set);
        return this;
    }

    /** {@code SET attribute = if_not_exists(attribute, value)}. */
    ItemUpdate setIfAbsent(String attribute, AttributeValue value) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
        return this;
    }

    ItemUpdate remove(String... attributes) {
        for (String a : attributes) {
            removes.add(name(a));
        }
        return this;
    }

    /** Removes the due-index attributes: the item no longer waits for a time. */
    ItemUpdate leaveDueIndex() {
        return remove(IntakeKeys.DUE_PK, IntakeKeys.DUE_SK);
    }

    /** Removes the status-index attributes: the item is finished. */
    ItemUpdate leaveStatusIndex() {
        return remove(IntakeKeys.STATUS_PK, IntakeKeys.STATUS_SK);
    }

    /** The condition, naming attributes {@code #name} (declared here) and values from {@link #value}. */
    ItemUpdate when(String expression, String... attributes) {
        for (String a : attributes) {
            name(a);
        }
        this.condition = expression;
        return this;
    }

    String name(String attribute) {
        String alias = "#" + attribute;
        names.put(alias, attribute);
        return alias;
    }

    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    String value(String value) {
        return value(AttributeValue.fromS(value));
    }

    /** Runs it: false when the condition did not hold (nothing was written). */
    boolean apply(DynamoDbClient dynamo, String table, String pk, String sk) {
        StringBuilder expression = new StringBuilder();
        if (!sets.isEmpty()) {
            expression.append("SET ").append(String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            expression.append(expression.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        try {
            dynamo.updateItem(b -> {
                b.tableName(table)
                        .key(Map.of(IntakeKeys.PK, AttributeValue.fromS(pk), IntakeKeys.SK, AttributeValue.fromS(sk)))
                        .updateExpression(expression.toString())
                        .expressionAttributeNames(names);
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
                if (condition != null) {
                    b.conditionExpression(condition);
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
