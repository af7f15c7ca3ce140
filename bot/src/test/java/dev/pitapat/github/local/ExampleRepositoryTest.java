package dev.pitapat.github.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The stand-in's example repository, read with names that come from webhook payloads. */
class ExampleRepositoryTest {

    @TempDir
    Path tmp;

    /**
     * Found by the fuzz: a branch name too long for a file name made JGit try the path and log the file system's
     * refusal as an error. Such a name, or one that is no ref name at all, names no branch here.
     */
    @Test
    void aNameNoBranchCanHaveNamesNothingAndLogsNoError() {
        ExampleRepository repository =
                ExampleRepository.openOrCreate(tmp.resolve("hello"), "octocat", Clock.systemUTC());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            String tooLong = "x".repeat(300);

            assertThat(repository.fileAt(tooLong, ".github/pitapat.yml")).isEmpty();
            assertThat(repository.fileAt("../../etc", ".github/pitapat.yml")).isEmpty();
            assertThat(repository.commitsOf(tooLong)).isEmpty();
            assertThat(repository.commitsOf("no-such-branch")).isEmpty();
            assertThat(repository.subjectOf(tooLong)).isEmpty();
            assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
        } finally {
            root.detachAppender(logged);
        }
    }
}
