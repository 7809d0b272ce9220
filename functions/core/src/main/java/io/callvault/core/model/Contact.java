package io.callvault.core.model;

/** A party in an event: who joined or left the call (guide L33020-L33027). All fields optional. */
public record Contact(String type, String phoneNumber, String userName, String firstName, String lastName) {}
