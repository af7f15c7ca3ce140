package dev.pitapat.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/** Every ERROR logged anywhere in this JVM while open, and every exception no thread caught. */
final class CapturedLogs implements AutoCloseable {

    /** One ERROR line, or one uncaught exception (logger {@code uncaught}). */
    record Captured(String logger, String thread, String message, String template, String throwable) {
        @Override
        public String toString() {
            return logger + " [" + thread + "]: " + message + (throwable.isEmpty() ? "" : " / " + throwable);
        }
    }

    private final ConcurrentLinkedQueue<Captured> errors = new ConcurrentLinkedQueue<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                var thrown = event.getThrowableProxy();
                errors.add(new Captured(
                        event.getLoggerName(),
                        event.getThreadName(),
                        event.getFormattedMessage(),
                        event.getMessage(),
                        thrown == null ? "" : thrown.getClassName() + ": " + thrown.getMessage()));
            }
        }
    };

    CapturedLogs() {
        appender.setContext(root.getLoggerContext());
        appender.setName("fuzz-errors");
        appender.start();
        root.addAppender(appender);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> errors.add(
                new Captured("uncaught", thread.getName(), String.valueOf(e.getMessage()), "", e.toString())));
    }

    List<Captured> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }
}
