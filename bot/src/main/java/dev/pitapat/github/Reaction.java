package dev.pitapat.github;

/** A reaction on a comment, with the content name GitHub uses. */
public enum Reaction {
    PLUS_ONE("+1"),
    MINUS_ONE("-1"),
    LAUGH("laugh"),
    CONFUSED("confused"),
    HEART("heart"),
    HOORAY("hooray"),
    ROCKET("rocket"),
    EYES("eyes");

    private final String content;

    Reaction(String content) {
        this.content = content;
    }

    /** The value of GitHub's {@code content} field. */
    public String content() {
        return content;
    }
}
