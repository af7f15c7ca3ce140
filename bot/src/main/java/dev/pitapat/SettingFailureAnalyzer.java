package dev.pitapat;

import dev.pitapat.model.InvalidSettingException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a bad setting into one line that names the property and the problem. The value is never
 * repeated: it may be a key or a secret.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidSettingException invalid = find(failure, InvalidSettingException.class);
        if (invalid != null) {
            return analysis(invalid.property(), invalid.problem());
        }
        InvalidConfigurationPropertyValueException value =
                find(failure, InvalidConfigurationPropertyValueException.class);
        if (value != null) {
            String reason = value.getReason() == null ? "" : value.getReason();
            int type = reason.indexOf("convert to type ");
            return analysis(
                    value.getName(),
                    type >= 0
                            ? "cannot be read as "
                                    + describe(reason.substring(type + "convert to type ".length())
                                            .strip())
                            : "is not valid");
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null) {
            String property = bind.getProperty() == null
                    ? bind.getName().toString()
                    : bind.getProperty().getName().toString();
            String type = bind.getTarget().getType().toString();
            return analysis(property, "cannot be read as " + describe(type));
        }
        return null;
    }

    private static FailureAnalysis analysis(String property, String problem) {
        return new FailureAnalysis(
                "invalid setting " + property + ": " + problem,
                "Fix " + property + " (see the configuration table in README.md) and start again.",
                null);
    }

    private static String describe(String declared) {
        // java.util.Optional<java.lang.Long> reads as java.lang.Long
        String type = declared.contains("<") && declared.endsWith(">")
                ? declared.substring(declared.lastIndexOf('<') + 1, declared.length() - 1)
                : declared;
        return switch (type) {
            case "int", "java.lang.Integer", "long", "java.lang.Long" -> "a whole number";
            case "java.time.Duration" -> "a duration such as 30s or 5m";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.net.URI" -> "a URL";
            case "java.nio.file.Path" -> "a file path";
            default -> type.substring(type.lastIndexOf('.') + 1);
        };
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
