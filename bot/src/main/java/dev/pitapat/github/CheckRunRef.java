package dev.pitapat.github;

import java.net.URI;

/** A check run GitHub created; {@code id} is what later updates name. */
public record CheckRunRef(long id, URI htmlUrl) {}
