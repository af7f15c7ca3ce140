package dev.pitapat.github;

/** A GitHub Deployment; {@code id} is what its statuses are posted to. */
public record DeploymentRef(long id, String environment) {}
