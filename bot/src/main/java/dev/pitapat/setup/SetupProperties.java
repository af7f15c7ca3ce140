package dev.pitapat.setup;

import dev.pitapat.model.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pitapat.setup.write-to}: a file the setup page may write the new App's settings to, when the operator asks
 * for it there, instead of showing them. A relative path is resolved against the working directory at start-up.
 * Checked when bound: not a directory, and in a directory that exists. The file itself is created by the setup
 * page, never overwritten.
 */
@ConfigurationProperties("pitapat.setup")
record SetupProperties(Optional<String> writeTo) {

    static final String WRITE_TO = "pitapat.setup.write-to";

    SetupProperties {
        writeTo = checked(writeTo);
    }

    /** The file to write, absolute; empty when none is configured. */
    Optional<Path> file() {
        return writeTo.map(Path::of);
    }

    // Spring Boot binds an unset Optional as null rather than empty; blank counts as unset.
    private static Optional<String> checked(@Nullable Optional<String> writeTo) {
        if (writeTo == null || writeTo.filter(value -> !value.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(writeTo.get().strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(WRITE_TO, "not a file path");
        }
        if (Files.isDirectory(path)) {
            throw new InvalidSettingException(WRITE_TO, "is a directory; name the file to create in it");
        }
        Path parent = path.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidSettingException(WRITE_TO, "its directory does not exist");
        }
        return Optional.of(path.toString());
    }
}
