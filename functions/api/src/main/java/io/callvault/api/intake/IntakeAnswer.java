package io.callvault.api.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An intake endpoint's answer: 201 when the post stored something new, 200 when it was all known. */
public record IntakeAnswer(int status, ObjectNode body) {}
