package dev.pitapat.onboard;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What was found in a repository for its proposed config.
 *
 * @param port the first TCP port its {@code Dockerfile} exposes, if there is one
 * @param actuatorIn the build file ({@code pom.xml}, {@code build.gradle}, {@code build.gradle.kts}) that adds
 *     Spring Boot Actuator, whose {@code /actuator/health} then is the health path
 */
record Detected(OptionalInt port, Optional<String> actuatorIn) {

    static final String ACTUATOR_HEALTH = "/actuator/health";

    static final Detected NOTHING = new Detected(OptionalInt.empty(), Optional.empty());

    Optional<String> healthPath() {
        return actuatorIn.map(file -> ACTUATOR_HEALTH);
    }
}
