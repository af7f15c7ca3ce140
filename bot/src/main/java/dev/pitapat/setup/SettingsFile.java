package dev.pitapat.setup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a new App's settings to {@code pitapat.setup.write-to}: a new file that only its owner may read or write
 * (mode {@code 600} from its creation, whatever the umask), never over an existing file or through a link there.
 * A failure says why in words the page can show; the page then shows the settings instead, so they are not lost.
 */
final class SettingsFile {

    private SettingsFile() {}

    /** A file that could not be written, and why. */
    static final class NotWritten extends Exception {
        NotWritten(String why) {
            super(why, null, false, false);
        }
    }

    static void write(Path file, String text) throws NotWritten {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(
                    file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly);
        } catch (FileAlreadyExistsException e) {
            throw new NotWritten("it exists already, and pitapat does not overwrite a file");
        } catch (AccessDeniedException e) {
            throw new NotWritten("permission denied");
        } catch (NoSuchFileException e) {
            throw new NotWritten("its directory does not exist");
        } catch (UnsupportedOperationException e) {
            throw new NotWritten("this file system cannot make a file only its owner may read");
        } catch (IOException e) {
            throw new NotWritten("an I/O error (" + e.getClass().getSimpleName() + ")");
        }
        try (channel) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (channel instanceof FileChannel fileChannel) {
                fileChannel.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file); // this call created it: no half-written secrets are left behind
            } catch (IOException ignored) {
                // the reason below is what matters
            }
            throw new NotWritten("an I/O error while writing (" + e.getClass().getSimpleName() + ")");
        }
    }
}
