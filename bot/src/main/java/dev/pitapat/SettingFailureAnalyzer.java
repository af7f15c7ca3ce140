package dev.pitapat;

import dev.pitapat.model.InvalidSettingException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a bad setting into one line that names the property and the problem. The value is never
 * repeated: it may be a key or a secret.
 */
class SettingFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidSettingException invalid = find(failure, InvalidSettingException.class);
        if (invalid != null) {
            return analysis(invalid.property(), invalid.problem());
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

    private static String describe(String type) {
        return switch (type) {
            case "int", "java.lang.Integer", "long", "java.lang.Long" -> "a whole number";
            case "java.time.Duration" -> "a duration such as 30s or 5m";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.net.URI" -> "a URL";
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
