package dev.pitapat.onboard;

import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.GitHubRepository;
import dev.pitapat.github.PullRequest;
import dev.pitapat.model.AppName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.store.OnboardingOffer;
import dev.pitapat.store.OnboardingOffers;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the onboarding pull request on each repository the App was installed on that has no {@code
 * .github/pitapat.yml}: at most one per repository, ever.
 *
 * <p>Once means once across replicas, redeliveries and reinstalls: the store's record of the repository ("offered:
 * pull request #n") is looked at first, and the pull request is opened only under the store's claim, which one holder
 * (the delivery) has at a time and which the record ends. GitHub is the second record: a pull request from {@link
 * OnboardingPullRequest#BRANCH}, open, closed or merged, counts as offered (a store that lost its record, such as the
 * in-memory one after a restart, still opens nothing twice), and a branch that exists already is taken up where a
 * failed attempt left it rather than made again. A failure releases the claim and is thrown, so that the delivery is
 * tried again (by the queue's backoff, or at the next event); every step is safe to repeat.
 */
@Component
public class Onboarding {

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

    /** How long a claim lasts unless renewed; renewed before each write, and ended by the record or a failure. */
    static final Duration CLAIM = Duration.ofMinutes(10);

    static final String DOCKERFILE = "Dockerfile";

    private final GitHubGateway github;
    private final GitHubProperties settings;
    private final OnboardingOffers offers;
    private final OnboardingProperties properties;
    private final Clock clock;

    Onboarding(
            GitHubGateway github,
            GitHubProperties settings,
            OnboardingOffers offers,
            OnboardingProperties properties,
            Clock clock) {
        this.github = github;
        this.settings = settings;
        this.offers = offers;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Offers the onboarding pull request to each repository that should get one. Every repository is tried; when any
     * failed, the failure is thrown after the others were tried (the delivery is handled again, and the repositories
     * done then do nothing).
     *
     * @param holder who claims the repositories: the delivery id, so that the same delivery handled again after a
     *     crash takes up its own claims
     */
    public void offer(String holder, long installationId, List<InstalledRepository> repositories) {
        if (!properties.enabled()) {
            log.info(
                    "Onboarding pull requests are off (pitapat.onboarding.enabled=false): none offered to {}",
                    repositories.stream().map(r -> r.repo().fullName()).toList());
            return;
        }
        List<String> failed = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (InstalledRepository repository : repositories) {
            try {
                offer(holder, installationId, repository);
            } catch (StoreUnavailableException e) {
                throw e; // nothing can be decided without the store: the whole delivery waits for it
            } catch (RuntimeException e) {
                log.warn("Could not open the onboarding pull request of {}: {}", repository.repo(), e.getMessage());
                failed.add(repository.repo().fullName());
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.getFirst();
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.stream()
                    .filter(e -> GitHubException.rateLimitedUntil(e).isPresent())
                    .findFirst()
                    .orElse(failures.getFirst());
            throw new OnboardingException(failed, first, failures);
        }
    }

    private void offer(String holder, long installationId, InstalledRepository installed) {
        RepoRef repo = installed.repo();
        if (!settings.allows(repo)) {
            log.info("No onboarding pull request for {}: it is not in pitapat.github.repo-allowlist", repo);
            return;
        }
        if (!github.actsOn(repo)) {
            log.info("No onboarding pull request for {}: no GitHub App serves it", repo);
            return;
        }
        Optional<OnboardingOffer> recorded = offers.offered(installed.id());
        if (recorded.isPresent()) {
            log.info(
                    "No onboarding pull request for {}: #{} was offered at {}",
                    repo,
                    recorded.get().pullRequest(),
                    recorded.get().offeredAt());
            return;
        }
        GitHubRepository facts = github.repository(installationId, repo);
        if (facts.archived()) {
            log.info("No onboarding pull request for {}: it is archived", repo);
            return;
        }
        String base = facts.defaultBranch();
        if (github.fileAt(installationId, repo, base, RepoConfigs.PATH).isPresent()) {
            log.info("No onboarding pull request for {}: it has {} on {}", repo, RepoConfigs.PATH, base);
            return;
        }
        if (recordedOnGitHub(installationId, installed)) {
            return;
        }
        Optional<String> head = github.branchHead(installationId, repo, base);
        if (head.isEmpty()) {
            log.info("No onboarding pull request for {}: its default branch {} has no commit yet", repo, base);
            return;
        }
        Detected detected = detect(installationId, repo, base);
        AppName app = AppNames.forRepository(repo.name());
        String yaml = ProposedConfig.yaml(repo, app, detected);
        RepoConfig config = ProposedConfig.checked(repo, yaml);
        if (!offers.claim(installed.id(), holder, CLAIM)) {
            log.info("No onboarding pull request for {} now: another delivery is opening it", repo);
            return;
        }
        boolean done = false;
        try {
            if (!github.createBranch(installationId, repo, OnboardingPullRequest.BRANCH, head.get())
                    && recordedOnGitHub(installationId, installed)) {
                done = true;
                return;
            }
            renew(installed, holder);
            github.createFile(
                    installationId,
                    repo,
                    OnboardingPullRequest.BRANCH,
                    RepoConfigs.PATH,
                    yaml,
                    OnboardingPullRequest.COMMIT_MESSAGE);
            renew(installed, holder);
            PullRequest opened;
            try {
                opened = github.openPullRequest(installationId, repo, OnboardingPullRequest.to(base, config, detected));
            } catch (GitHubException e) {
                // 422: one from the branch is open already (an earlier attempt whose answer was lost)
                if (e.status().equals(OptionalInt.of(422)) && recordedOnGitHub(installationId, installed)) {
                    done = true;
                    return;
                }
                throw e;
            }
            record(installed, opened.number());
            done = true;
            log.info("Opened onboarding pull request #{} in {}", opened.number(), repo);
        } finally {
            if (!done) {
                offers.release(installed.id(), holder);
            }
        }
    }

    /**
     * Whether GitHub shows a pull request from the onboarding branch (open, closed or merged); if so it is recorded as
     * the one offered.
     */
    private boolean recordedOnGitHub(long installationId, InstalledRepository installed) {
        List<PullRequest> from =
                github.pullRequestsFrom(installationId, installed.repo(), OnboardingPullRequest.BRANCH);
        if (from.isEmpty()) {
            return false;
        }
        int number = from.stream().mapToInt(PullRequest::number).min().orElseThrow(); // the first one opened
        record(installed, number);
        log.info(
                "No onboarding pull request for {}: #{} from {} was opened before",
                installed.repo(),
                number,
                OnboardingPullRequest.BRANCH);
        return true;
    }

    private void record(InstalledRepository installed, int number) {
        offers.record(installed.id(), new OnboardingOffer(installed.repo().fullName(), number, clock.instant()));
    }

    /** Extends the claim before a write; one lost meanwhile (it lapsed and another took it) stops this attempt. */
    private void renew(InstalledRepository installed, String holder) {
        if (!offers.claim(installed.id(), holder, CLAIM)) {
            throw new IllegalStateException("opening the onboarding pull request of " + installed.repo()
                    + ": its claim lapsed and was taken, or its offer recorded, meanwhile");
        }
    }

    /** The port from the Dockerfile and the health path from a Java build, read at the default branch. */
    private Detected detect(long installationId, RepoRef repo, String base) {
        OptionalInt port = github.fileAt(installationId, repo, base, DOCKERFILE)
                .map(Dockerfiles::exposedPort)
                .orElse(OptionalInt.empty());
        Optional<String> actuatorIn = Optional.empty();
        for (String name : BuildFiles.NAMES) {
            Optional<String> build = github.fileAt(installationId, repo, base, name);
            if (build.isPresent()) {
                actuatorIn = BuildFiles.addsActuator(name, build.get()) ? Optional.of(name) : Optional.empty();
                break;
            }
        }
        return new Detected(port, actuatorIn);
    }
}
