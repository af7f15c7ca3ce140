package dev.pitapat.deploy;

/**
 * One view of a deploy's progress record on GitHub. Called after every change of the record, with the record
 * before and after it; returns the record with what it made on GitHub noted in {@link Progress#reports()}. A
 * {@link dev.pitapat.github.GitHubException} it throws is logged by the caller and never stops the deploy.
 */
interface Reporter {

    Progress report(Progress before, Progress now);
}
