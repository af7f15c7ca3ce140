package dev.pitapat.command;

import dev.pitapat.command.Command.Abort;
import dev.pitapat.command.Command.Deploy;
import dev.pitapat.command.Command.Help;
import dev.pitapat.command.Command.History;
import dev.pitapat.command.Command.Lock;
import dev.pitapat.command.Command.Promote;
import dev.pitapat.command.Command.Rollback;
import dev.pitapat.command.Command.Status;
import dev.pitapat.command.Command.Unlock;
import dev.pitapat.model.Checked;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Revision;
import dev.pitapat.model.Sha;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How each command's arguments are read. Nothing is guessed: a word that is not exactly a valid name, a
 * flag given twice or an extra word refuses the line with the reason, and the reply shows the usage.
 */
final class Grammar {

    private static final String DRY_RUN = "--dry-run";
    private static final String SHA = "--sha";

    private Grammar() {}

    /** {@code [env] [--sha <sha>] [--dry-run]}, options in any order; {@code --sha=<sha>} works too. */
    static Parsed deploy(Arguments args) {
        Optional<EnvName> env = Optional.empty();
        Optional<Sha> sha = Optional.empty();
        boolean dryRun = false;
        List<String> tokens = args.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals(DRY_RUN)) {
                if (dryRun) {
                    return twice(DRY_RUN);
                }
                dryRun = true;
            } else if (token.equals(SHA) || token.startsWith(SHA + "=")) {
                if (sha.isPresent()) {
                    return twice(SHA);
                }
                String value;
                if (token.equals(SHA)) {
                    if (i + 1 == tokens.size() || tokens.get(i + 1).startsWith("-")) {
                        return shaMissing();
                    }
                    value = tokens.get(++i);
                } else {
                    value = token.substring(SHA.length() + 1);
                    if (value.isEmpty()) {
                        return shaMissing();
                    }
                }
                Checked<Sha> checked = Sha.parse(value);
                if (checked instanceof Checked.Invalid<Sha> invalid) {
                    return notA(value, "a commit sha", invalid);
                }
                sha = checked.toOptional();
            } else if (isOption(token)) {
                return unknownOption(args, token);
            } else if (env.isPresent()) {
                return tooMany(args, token);
            } else {
                Checked<EnvName> checked = EnvName.parse(token);
                if (checked instanceof Checked.Invalid<EnvName> invalid) {
                    return notA(token, "an environment name", invalid);
                }
                env = checked.toOptional();
            }
        }
        return new Parsed.Ok(new Deploy(env, sha, dryRun));
    }

    /**
     * {@code [env] [<revision>]}. One word is the environment; a lone word that looks like a revision (a
     * deployment id, or 7 to 40 hexadecimal digits with at least one digit) is refused rather than guessed.
     */
    static Parsed rollback(Arguments args) {
        List<String> tokens = args.tokens();
        Optional<EnvName> env = Optional.empty();
        Optional<Revision> to = Optional.empty();
        for (String token : tokens) {
            if (isOption(token)) {
                return unknownOption(args, token);
            } else if (to.isPresent()) {
                return tooMany(args, token);
            } else if (env.isPresent()) {
                Checked<Revision> checked = Revision.parse(token);
                if (checked instanceof Checked.Invalid<Revision> invalid) {
                    return notA(token, "a revision", invalid);
                }
                to = checked.toOptional();
            } else if (tokens.size() == 1 && looksLikeRevision(token)) {
                return new Parsed.Refused(Markdown.code(token)
                        + " looks like a revision. Name the environment before it, as in "
                        + Markdown.code("/rollback staging " + token) + ".");
            } else {
                Checked<EnvName> checked = EnvName.parse(token);
                if (checked instanceof Checked.Invalid<EnvName> invalid) {
                    return notA(token, "an environment name", invalid);
                }
                env = checked.toOptional();
            }
        }
        return new Parsed.Ok(new Rollback(env, to));
    }

    static Parsed promote(Arguments args) {
        return optionalEnv(args).map(Promote::new);
    }

    static Parsed abort(Arguments args) {
        return optionalEnv(args).map(Abort::new);
    }

    static Parsed status(Arguments args) {
        return optionalEnv(args).map(Status::new);
    }

    static Parsed history(Arguments args) {
        return optionalEnv(args).map(History::new);
    }

    /** {@code <env> [reason]}: the reason is the rest of the line, see {@link LockReason}. */
    static Parsed lock(Arguments args) {
        if (args.tokens().isEmpty()) {
            return missingEnv(args);
        }
        String first = args.tokens().get(0);
        if (isOption(first)) {
            return unknownOption(args, first);
        }
        Checked<EnvName> env = EnvName.parse(first);
        if (env instanceof Checked.Invalid<EnvName> invalid) {
            return notA(first, "an environment name", invalid);
        }
        String reason = LockReason.normalise(args.rest().substring(first.length()));
        Optional<String> problem = LockReason.problem(reason);
        if (problem.isPresent()) {
            return new Parsed.Refused("The lock reason " + problem.get() + ". " + sentence(LockReason.RULE));
        }
        return new Parsed.Ok(new Lock(env.orElseThrow(), reason.isEmpty() ? Optional.empty() : Optional.of(reason)));
    }

    /** {@code <env>}. */
    static Parsed unlock(Arguments args) {
        return optionalEnv(args)
                .flatMap(env -> env.isPresent() ? new Parsed.Ok(new Unlock(env.get())) : missingEnv(args));
    }

    /** No arguments. */
    static Parsed help(Arguments args) {
        if (args.tokens().isEmpty()) {
            return new Parsed.Ok(new Help());
        }
        String first = args.tokens().get(0);
        return isOption(first) ? unknownOption(args, first) : tooMany(args, first);
    }

    /** At most one word, an environment name; options and further words refused where they appear. */
    private static Read<Optional<EnvName>> optionalEnv(Arguments args) {
        Optional<EnvName> env = Optional.empty();
        for (String token : args.tokens()) {
            if (isOption(token)) {
                return Read.refused(unknownOption(args, token));
            } else if (env.isPresent()) {
                return Read.refused(tooMany(args, token));
            }
            Checked<EnvName> checked = EnvName.parse(token);
            if (checked instanceof Checked.Invalid<EnvName> invalid) {
                return Read.refused(notA(token, "an environment name", invalid));
            }
            env = checked.toOptional();
        }
        return Read.value(env);
    }

    private static boolean looksLikeRevision(String token) {
        if (DeploymentId.parse(token) instanceof Checked.Valid<DeploymentId>) {
            return true;
        }
        return Sha.parse(token) instanceof Checked.Valid<Sha> && token.chars().anyMatch(c -> c >= '0' && c <= '9');
    }

    /** ASCII {@code -}, or a dash that a keyboard or an editor may have put in place of {@code --}. */
    private static boolean isOption(String token) {
        return token.startsWith("-") || isDashLookalike(token.codePointAt(0));
    }

    private static boolean isDashLookalike(int c) {
        return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D;
    }

    /** A value read from the arguments, or the refusal that stopped reading. */
    private record Read<T>(Optional<T> value, Optional<Parsed> refusal) {

        static <T> Read<T> value(T value) {
            return new Read<>(Optional.of(value), Optional.empty());
        }

        static <T> Read<T> refused(Parsed refusal) {
            return new Read<>(Optional.empty(), Optional.of(refusal));
        }

        Parsed map(Function<T, Command> command) {
            return flatMap(value -> new Parsed.Ok(command.apply(value)));
        }

        Parsed flatMap(Function<T, Parsed> next) {
            return refusal.orElseGet(() -> next.apply(value.orElseThrow()));
        }
    }

    private static Parsed unknownOption(Arguments args, String option) {
        String why = Markdown.code(option) + " is not an option of " + Markdown.code("/" + args.word()) + ".";
        if (isDashLookalike(option.codePointAt(0))) {
            why += " It starts with a typographic dash; options start with two ASCII hyphens, as in `--dry-run`.";
        }
        return new Parsed.Refused(why);
    }

    private static Parsed tooMany(Arguments args, String extra) {
        return new Parsed.Refused(
                Markdown.code(extra) + " is one word too many for " + Markdown.code("/" + args.word()) + ".");
    }

    private static Parsed missingEnv(Arguments args) {
        return new Parsed.Refused(Markdown.code("/" + args.word()) + " needs an environment.");
    }

    private static Parsed twice(String option) {
        return new Parsed.Refused("`" + option + "` is given twice.");
    }

    private static Parsed shaMissing() {
        return new Parsed.Refused("`--sha` needs a commit sha after it, as in `--sha 4f9c2a7`.");
    }

    private static Parsed notA(String token, String what, Checked.Invalid<?> invalid) {
        return new Parsed.Refused(
                Markdown.code(token) + " is not " + what + ": " + invalid.problem() + ". " + sentence(invalid.rule()));
    }

    static String sentence(String rule) {
        return Character.toUpperCase(rule.charAt(0)) + rule.substring(1) + ".";
    }
}
