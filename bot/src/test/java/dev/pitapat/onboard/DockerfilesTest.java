package dev.pitapat.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfilesTest {

    static Stream<Arguments> dockerfiles() {
        return Stream.of(
                Arguments.of("one port", "FROM node:20\nEXPOSE 3000\n", 3000),
                Arguments.of("tcp named, then another port", "FROM eclipse-temurin:21\nEXPOSE 8080/tcp 9090\n", 8080),
                Arguments.of("udp skipped", "FROM coredns\nEXPOSE 53/udp 8053/TCP\n", 8053),
                Arguments.of("the first EXPOSE first", "FROM nginx\nEXPOSE 80\nEXPOSE 443\n", 80),
                Arguments.of("any case", "from nginx\nexpose 8081\n", 8081),
                Arguments.of("a range gives its first port", "FROM x\nEXPOSE 8000-8010\n", 8000),
                Arguments.of("continued over lines", "FROM x\nEXPOSE \\\n    # the api\n    7000 \\\n 7001\n", 7000),
                Arguments.of("tabs and CRLF", "FROM x\r\nEXPOSE\t\t4000\r\n", 4000),
                Arguments.of(
                        "the final stage's port, not the builder's",
                        "FROM maven AS build\nEXPOSE 5005\nFROM eclipse-temurin:21-jre\nEXPOSE 8081\n",
                        8081),
                Arguments.of(
                        "a final stage built from an earlier one inherits its port",
                        "FROM node:20 AS Base\nEXPOSE 3000\nFROM base\nRUN npm ci\n",
                        3000),
                Arguments.of(
                        "--platform before the image",
                        "FROM --platform=$BUILDPLATFORM golang AS build\nEXPOSE 6060\nFROM build\n",
                        6060),
                Arguments.of("a variable skipped for the next port", "FROM x\nEXPOSE $PORT 5000\n", 5000),
                Arguments.of("quoted", "FROM x\nEXPOSE \"8888\"\n", 8888));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void readsTheFirstTcpPortOfTheFinalStage(String name, String dockerfile, int port) {
        assertThat(Dockerfiles.exposedPort(dockerfile)).isEqualTo(OptionalInt.of(port));
    }

    static Stream<Arguments> noPort() {
        return Stream.of(
                Arguments.of("no EXPOSE", "FROM nginx\nCOPY . /usr/share/nginx/html\n"),
                Arguments.of("an empty file", ""),
                Arguments.of("EXPOSE before any FROM", "EXPOSE 8080\n"),
                Arguments.of("only a commented EXPOSE", "FROM x\n# EXPOSE 8080\n"),
                Arguments.of("only udp", "FROM x\nEXPOSE 53/udp\n"),
                Arguments.of("only a variable", "FROM x\nEXPOSE ${PORT}\n"),
                Arguments.of("port 0 and past 65535", "FROM x\nEXPOSE 0 65536 99999\n"),
                Arguments.of(
                        "digits of another script",
                        "FROM x\nEXPOSE \uFF13\uFF10\uFF10\uFF10 \u0663\u0660\u0660\u0660\n"),
                Arguments.of("a number too long to be a port", "FROM x\nEXPOSE 000000000000008080\n"),
                Arguments.of(
                        "only the builder stage exposes one",
                        "FROM maven AS build\nEXPOSE 5005\nFROM eclipse-temurin:21-jre\nCMD [\"java\"]\n"),
                Arguments.of("EXPOSE in a RUN's text", "FROM x\nRUN echo EXPOSE 8080\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noPort")
    void findsNoPortWhereNoneIsExposed(String name, String dockerfile) {
        assertThat(Dockerfiles.exposedPort(dockerfile)).isEmpty();
    }

    @Test
    void readsAHugeFileWithoutTrouble() {
        String dockerfile = "FROM x\n" + "RUN true \\\n".repeat(200_000) + "\nEXPOSE 1234\n";

        assertThat(Dockerfiles.exposedPort(dockerfile)).isEqualTo(OptionalInt.of(1234));
    }
}
