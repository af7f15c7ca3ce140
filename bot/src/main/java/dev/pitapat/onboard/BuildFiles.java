package dev.pitapat.onboard;

import java.util.List;
import java.util.regex.Pattern;

/** Reads whether a Maven or Gradle build adds Spring Boot Actuator, which answers health at {@code /actuator/health}. */
final class BuildFiles {

    static final String POM = "pom.xml";

    /** Where a Java build says its dependencies, in the order looked at: the first that exists decides. */
    static final List<String> NAMES = List.of(POM, "build.gradle", "build.gradle.kts");

    /**
     * The starter's artifact, {@code spring-boot-starter-actuator}, or its name in a Gradle version catalog, {@code
     * libs.spring.boot.starter.actuator}.
     */
    private static final Pattern ACTUATOR = Pattern.compile("spring[-.]boot[-.]starter[-.]actuator");

    /** A dependency commented out is not one: XML comments in a POM, block and line comments in a Gradle script. */
    private static final Pattern XML_COMMENTS = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    private static final Pattern GRADLE_COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private BuildFiles() {}

    /** Whether the build file named {@code name} (one of {@link #NAMES}) adds Spring Boot Actuator. */
    static boolean addsActuator(String name, String buildFile) {
        Pattern comments = name.equals(POM) ? XML_COMMENTS : GRADLE_COMMENTS;
        return ACTUATOR.matcher(comments.matcher(buildFile).replaceAll(" ")).find();
    }
}
