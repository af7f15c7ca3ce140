package dev.pitapat.status;

import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.AppName;
import dev.pitapat.model.Checked;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.SecretRedactor;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Lease;
import dev.pitapat.store.Pin;
import dev.pitapat.store.StoreUnavailableException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * GitOps log's trailers; nothing else is kept.
 *
 * <p>Only the apps the {@link Viewer} may see are there: those whose repository (the one that first deployed the
 * app) they can read. Any other app is answered as an app that does not exist, {@code 404} with the same words.
 */
@RestController
class AppsController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private static final Logger log = LoggerFactory.getLogger(AppsController.class);

    private final GitOpsWriter gitops;
    private final EnvironmentLocks locks;

    AppsController(GitOpsWriter gitops, EnvironmentLocks locks) {
        this.gitops = gitops;
        this.locks = locks;
    }

    @GetMapping("/api/apps")
    Apps apps(Viewer viewer) {
        Map<AppName, List<Target>> byApp = new LinkedHashMap<>();
        for (Target target : gitops.environments()) {
            byApp.computeIfAbsent(target.app(), app -> new java.util.ArrayList<>())
                    .add(target);
        }
        return new Apps(byApp.entrySet().stream()
                .filter(entry -> canSee(viewer, entry.getKey()))
                .map(entry -> appView(entry.getKey().value(), entry.getValue()))
                .toList());
    }

    @GetMapping("/api/apps/{app}")
    AppView app(Viewer viewer, @PathVariable("app") String name) {
        AppName app = valid(AppName.parse(name), "app name");
        List<Target> environments = gitops.environments().stream()
                .filter(target -> target.app().equals(app))
                .toList();
        if (environments.isEmpty() || !canSee(viewer, app)) {
            throw new ApiError(
                    HttpStatus.NOT_FOUND,
                    "no app " + app + " in the GitOps repository: it has no folder apps/" + app
                            + "/ on the branch; GET /api/apps lists the apps there");
        }
        return appView(app.value(), environments);
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
        boolean visible = canSee(viewer, app);
        List<DeploymentView> deployments = visible
                ? gitops.history(target, Math.clamp(limit, 1, MAX_LIMIT)).stream()
                        .map(DeploymentView::of)
                        .toList()
                : List.of();
        if (deployments.isEmpty() && (!visible || !gitops.environments().contains(target))) {
            throw new ApiError(
                    HttpStatus.NOT_FOUND,
                    "no deployment of " + target + " in the GitOps repository; GET /api/apps/" + app
                            + " lists the app's environments");
        }
        return new History(app.value(), env.value(), deployments);
    }

    /** Whether the viewer may see the app: they can read the repository it is deployed from. */
    private boolean canSee(Viewer viewer, AppName app) {
        return viewer instanceof Viewer.Everyone
                || gitops.ownerOf(app).filter(viewer::canSee).isPresent();
    }

    private AppView appView(String app, List<Target> environments) {
        return new AppView(app, environments.stream().map(this::environmentView).toList());
    }

    private EnvironmentView environmentView(Target target) {
        DeploymentView current = gitops.history(target, 1).stream()
                .findFirst()
                .map(DeploymentView::of)
                .orElse(null);
        LockView lock = locks.lockOf(target).map(LockView::of).orElse(null);
        PinView pin = locks.pinOf(target).map(PinView::of).orElse(null);
        DeployingView deploying = locks.leaseOf(target)
                .map(lease -> DeployingView.of(lease, locks.waiting(target)))
                .orElse(null);
        return new EnvironmentView(target.env().value(), current, lock, pin, deploying);
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

    @ExceptionHandler(GitOpsException.class)
    ResponseEntity<ErrorBody> gitOpsDown(GitOpsException e) {
        log.warn("GET /api/apps: the GitOps repository could not be read: {}", SecretRedactor.redact(e.toString()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorBody("the GitOps repository cannot be read right now; try again in a minute"));
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ErrorBody> storeDown(StoreUnavailableException e) {
        log.warn("GET /api/apps: the store could not answer: {}", SecretRedactor.redact(e.toString()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ErrorBody(
                        "the store cannot answer right now, so locks and pins are unknown; try again in a minute"));
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

    record Apps(List<AppView> apps) {}

    record AppView(String app, List<EnvironmentView> environments) {}

    /**
     * One environment: its current deployment (the newest in the GitOps log), and what holds it: a freeze, a
     * rollback's pin, a deploy in progress. Each is {@code null} when absent.
     */
    record EnvironmentView(
            String env,
            @Nullable DeploymentView current,
            @Nullable LockView lock,
            @Nullable PinView pin,
            @Nullable DeployingView deploying) {}

    /** A deployment as its GitOps commit's trailers record it. */
    record DeploymentView(
            String deployment,
            String action,
            String source,
            String repo,
            String sha,
            String requestedBy,
            Instant time,
            String gitopsCommit) {

        static DeploymentView of(DeploymentCommit d) {
            return new DeploymentView(
                    d.deployment().value(),
                    d.action().word(),
                    d.source().toString(),
                    d.source().repository(),
                    d.source().sha().value(),
                    d.requestedBy(),
                    d.time(),
                    d.commitSha());
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
        static DeployingView of(Lease lease, List<String> waiting) {
            return new DeployingView(lease.holder(), lease.acquiredAt(), lease.expiresAt(), waiting);
        }
    }

    record History(String app, String env, List<DeploymentView> deployments) {}
}
