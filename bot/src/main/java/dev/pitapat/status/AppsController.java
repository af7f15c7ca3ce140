package dev.pitapat.status;

import dev.pitapat.deploy.DeploySummary;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.SecretRedactor;
import dev.pitapat.model.Target;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Lease;
import dev.pitapat.store.Pin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * {@code GET /api/apps}: the apps and environments of the GitOps repository ({@code apps/<app>/<env>/} at
 * the branch head), each with its current deployment from the GitOps log and its freeze, rollback pin and
 * deploy in progress from the store; {@code GET /api/apps/{app}} for one app, and
 * {@code GET /api/apps/{app}/{env}/history} for an environment's deployments, newest first. The history is the
 * GitOps log's trailers; nothing else is kept. The same {@link StatusBoard} as the status page reads them.
 *
 * <p>Only the apps the {@link Viewer} may see are there: those whose repository they can read. Any other app is
 * answered as an app that does not exist, {@code 404} with the same words.
 */
@RestController
class AppsController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final StatusBoard board;

    AppsController(StatusBoard board) {
        this.board = board;
    }

    @GetMapping("/api/apps")
    Apps apps(Viewer viewer) {
        return new Apps(readable(board.overview(viewer::canSee)).apps().stream()
                .map(AppView::of)
                .toList());
    }

    @GetMapping("/api/apps/{app}")
    AppView app(Viewer viewer, @PathVariable("app") String name) {
        AppName app = valid(AppName.parse(name), "app name");
        return readable(board.overview(viewer::canSee)).apps().stream()
                .filter(a -> a.name().equals(app))
                .findFirst()
                .map(AppView::of)
                .orElseThrow(() -> new ApiError(
                        HttpStatus.NOT_FOUND,
                        "no app " + app + " in the GitOps repository: it has no folder apps/" + app
                                + "/ on the branch; GET /api/apps lists the apps there"));
    }

    @GetMapping("/api/apps/{app}/{env}/history")
    History history(
            Viewer viewer,
            @PathVariable("app") String appName,
            @PathVariable("env") String envName,
            @RequestParam(name = "limit", defaultValue = "" + DEFAULT_LIMIT) int limit) {
        AppName app = valid(AppName.parse(appName), "app name");
        EnvName env = valid(EnvName.parse(envName), "environment name");
        Target target = valid(Target.of(app, env), "app and environment");
        List<DeploymentView> deployments;
        try {
            deployments = board.history(target, Math.clamp(limit, 1, MAX_LIMIT), viewer::canSee).stream()
                    .map(d -> DeploymentView.of(new Board.Deployed(d, Optional.empty())))
                    .toList();
        } catch (GitOpsException e) {
            log.warn("GET /api/apps: the GitOps repository could not be read: {}", SecretRedactor.redact(e.toString()));
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, GITOPS_DOWN);
        }
        if (deployments.isEmpty()
                && readable(board.overview(viewer::canSee)).apps().stream()
                        .flatMap(a -> a.environments().stream())
                        .noneMatch(e -> e.target().equals(target))) {
            throw new ApiError(
                    HttpStatus.NOT_FOUND,
                    "no deployment of " + target + " in the GitOps repository; GET /api/apps/" + app
                            + " lists the app's environments");
        }
        return new History(app.value(), env.value(), deployments);
    }

    /** The board, or a {@code 503} naming the source whose part the answer would lack. */
    private static Board readable(Board board) {
        if (board.unreadable().contains(Board.Source.GITOPS)) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, GITOPS_DOWN);
        }
        if (board.unreadable().contains(Board.Source.LOCKS)) {
            throw new ApiError(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the store cannot answer right now, so locks and pins are unknown; try again in a minute");
        }
        return board;
    }

    private static <T> T valid(Checked<T> checked, String what) {
        return switch (checked) {
            case Checked.Valid<T> valid -> valid.value();
            case Checked.Invalid<T> invalid ->
                throw new ApiError(
                        HttpStatus.BAD_REQUEST, "invalid " + what + ": " + invalid.problem() + "; " + invalid.rule());
        };
    }

    @ExceptionHandler(ApiError.class)
    ResponseEntity<ErrorBody> apiError(ApiError e) {
        return ResponseEntity.status(e.status).body(new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(new ErrorBody("limit is a whole number of deployments, 1 to " + MAX_LIMIT + " (default "
                        + DEFAULT_LIMIT + ")"));
    }

    /** A request refused with a status and a message saying why and what would work. */
    private static final class ApiError extends RuntimeException {
        private final HttpStatus status;

        ApiError(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    record ErrorBody(String error) {}

    private static final String GITOPS_DOWN = "the GitOps repository cannot be read right now; try again in a minute";
    private static final Logger log = LoggerFactory.getLogger(AppsController.class);

    record Apps(List<AppView> apps) {}

    record AppView(String app, List<EnvironmentView> environments) {
        static AppView of(Board.App app) {
            return new AppView(
                    app.name().value(),
                    app.environments().stream().map(EnvironmentView::of).toList());
        }
    }

    /**
     * One environment: its current deployment (the newest in the GitOps log), and what holds it: a freeze, a
     * rollback's pin, a deploy in progress. Each is {@code null} when absent.
     */
    record EnvironmentView(
            String env,
            @Nullable DeploymentView current,
            @Nullable LockView lock,
            @Nullable PinView pin,
            @Nullable DeployingView deploying) {

        static EnvironmentView of(Board.Environment e) {
            return new EnvironmentView(
                    e.target().env().value(),
                    e.deployments().stream().findFirst().map(DeploymentView::of).orElse(null),
                    e.lock().map(LockView::of).orElse(null),
                    e.pin().map(PinView::of).orElse(null),
                    e.deploying().map(DeployingView::of).orElse(null));
        }
    }

    /**
     * A deployment as its GitOps commit's trailers record it; its pull request and app address from its progress
     * record while the store has it ({@code null} otherwise, and in a history).
     */
    record DeploymentView(
            String deployment,
            String action,
            String source,
            String repo,
            String sha,
            String requestedBy,
            Instant time,
            String gitopsCommit,
            @Nullable Integer pullRequest,
            @Nullable String appUrl,
            @Nullable String state) {

        static DeploymentView of(Board.Deployed deployed) {
            DeploymentCommit d = deployed.commit();
            return new DeploymentView(
                    d.deployment().value(),
                    d.action().word(),
                    d.source().toString(),
                    d.source().repository(),
                    d.source().sha().value(),
                    d.requestedBy(),
                    d.time(),
                    d.commitSha(),
                    deployed.summary().flatMap(DeploySummary::pullRequest).orElse(null),
                    deployed.summary()
                            .flatMap(DeploySummary::appUrl)
                            .map(Object::toString)
                            .orElse(null),
                    deployed.summary().map(DeploySummary::state).orElse(null));
        }
    }

    record LockView(String by, Instant at, @Nullable String reason) {
        static LockView of(FreezeLock lock) {
            return new LockView(lock.by(), lock.at(), lock.reason().orElse(null));
        }
    }

    record PinView(String by, String revision, Instant at) {
        static PinView of(Pin pin) {
            return new PinView(pin.by(), pin.revision(), pin.at());
        }
    }

    /** The deploy holding the environment and those waiting in its line, first first. */
    record DeployingView(String holder, Instant since, Instant expiresAt, List<String> waiting) {
        static DeployingView of(Board.Deploying deploying) {
            Lease lease = deploying.lease();
            return new DeployingView(
                    lease.holder(),
                    lease.acquiredAt(),
                    lease.expiresAt(),
                    deploying.waiting().stream().map(Board.Waiting::holder).toList());
        }
    }

    record History(String app, String env, List<DeploymentView> deployments) {}
}
