package dev.pitapat.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildFilesTest {

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pom.xml | <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency> | true",
                "pom.xml | <url>https://repo.example.com</url><artifactId>spring-boot-starter-actuator</artifactId> | true",
                "pom.xml | <!-- <artifactId>spring-boot-starter-actuator</artifactId> --><artifactId>spring-boot-starter-web</artifactId> | false",
                "pom.xml | <artifactId>spring-boot-starter-web</artifactId> | false",
                "build.gradle | implementation 'org.springframework.boot:spring-boot-starter-actuator' | true",
                "build.gradle | // implementation 'org.springframework.boot:spring-boot-starter-actuator' | false",
                "build.gradle | /* implementation 'org.springframework.boot:spring-boot-starter-actuator' */ | false",
                "build.gradle.kts | implementation(\"org.springframework.boot:spring-boot-starter-actuator\") | true",
                "build.gradle.kts | implementation(libs.spring.boot.starter.actuator) | true",
                "build.gradle.kts | implementation(libs.spring.boot.starter.web) | false"
            })
    void findsSpringBootActuatorOnlyWhereItIsADependency(String file, String text, boolean adds) {
        assertThat(BuildFiles.addsActuator(file, text)).isEqualTo(adds);
    }
}
