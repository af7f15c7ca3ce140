package dev.pitapat.github;

import java.net.URI;

/** An issue or pull-request comment as GitHub stored it. */
public record CommentRef(long id, URI htmlUrl, String body) {}
