package dev.pitapat.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every webhook answer: {@code delivery} and {@code status}, or {@code error}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntakeAnswer(String delivery, String status, String error) {

    IntakeAnswer(String delivery, String status) {
        this(delivery, status, null);
    }

    static IntakeAnswer refused(String error) {
        return new IntakeAnswer(null, null, error);
    }
}
