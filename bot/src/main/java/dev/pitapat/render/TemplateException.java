package dev.pitapat.render;

/**
 * A set of manifest templates that cannot be rendered from: a missing directory or file, a file that is not one
 * YAML mapping, or a placeholder the renderer does not fill. The message says what is wrong and what would work;
 * it names template files but never the directory, which the caller names as its setting.
 */
public final class TemplateException extends RuntimeException {

    TemplateException(String message) {
        super(message, null, false, false);
    }
}
