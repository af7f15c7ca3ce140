package dev.pitapat.model;

/**
 * What {@code /rollback} can restore: a commit of the GitOps repository or a deployment, both as
 * {@code /history} lists them. Text starting with {@code d-} is a {@link DeploymentId}; anything else must
 * be a {@link Sha}.
 */
public sealed interface Revision {

    /** The rule, as replies quote it. */
    String RULE = "a revision is a GitOps commit sha (7 to 40 lowercase hexadecimal digits) or a deployment id"
            + " ('d-' followed by 12 lowercase hexadecimal digits), as /history lists them";

    /** A commit of the GitOps repository. */
    record Commit(Sha sha) implements Revision {
        @Override
        public String text() {
            return sha.value();
        }
    }

    /** A deployment by its id. */
    record Deployment(DeploymentId id) implements Revision {
        @Override
        public String text() {
            return id.value();
        }
    }

    /** The revision as it was written, e.g. {@code 4f9c2a7} or {@code d-4f9c2a7b1e03}. */
    String text();

    /** Checks text from outside without throwing. */
    static Checked<Revision> parse(String text) {
        if (text.startsWith(DeploymentId.PREFIX)) {
            return switch (DeploymentId.parse(text)) {
                case Checked.Valid<DeploymentId>(DeploymentId id) -> new Checked.Valid<>(new Deployment(id));
                case Checked.Invalid<DeploymentId>(String problem, String rule) -> new Checked.Invalid<>(problem, RULE);
            };
        }
        return switch (Sha.parse(text)) {
            case Checked.Valid<Sha>(Sha sha) -> new Checked.Valid<>(new Commit(sha));
            case Checked.Invalid<Sha>(String problem, String rule) -> new Checked.Invalid<>(problem, RULE);
        };
    }
}
