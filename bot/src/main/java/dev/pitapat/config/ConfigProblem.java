package dev.pitapat.config;

import dev.pitapat.model.Markdown;

/**
 * One way a config file breaks a rule. Plain text, no Markdown: replies and check runs format it. Neither field
 * quotes a value from the file beyond a short, safe key or number.
 *
 * @param path the field, e.g. {@code environments.production.after} or {@code resources.cpu}; {@link
 *     RepoConfigs#PATH} for the file as a whole
 * @param problem what is wrong, e.g. {@code it is 10000, above limits.replicas (10)}
 * @param rule the rule, in words a user can follow
 */
public record ConfigProblem(String path, String problem, String rule) {

    /** One line for a reply or a check run: the quoted field, the problem, the rule. */
    public String asMarkdown() {
        return Markdown.code(path) + ": " + problem + ". " + rule;
    }
}
