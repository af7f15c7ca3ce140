package dev.pitapat.kube;

import static dev.pitapat.kube.Fabric8Calls.call;

import dev.pitapat.model.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link Cluster} over fabric8: generic resources for {@code argoproj.io/v1alpha1} {@code applications} and
 * {@code rollouts}, read as maps and turned into pitapat's states; patches as JSON merge patches, the Rollout's
 * pause and abort on its {@code status} subresource, as the Argo Rollouts plugin sends them.
 */
final class Fabric8Cluster implements Cluster {

    static final CustomResourceDefinitionContext APPLICATIONS = new CustomResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Application")
            .withPlural("applications")
            .withScope("Namespaced")
            .withStatusSubresource(false)
            .build();
    static final CustomResourceDefinitionContext ROLLOUTS = new CustomResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Rollout")
            .withPlural("rollouts")
            .withScope("Namespaced")
            .withStatusSubresource(true)
            .build();

    static final String REFRESH = "{\"metadata\":{\"annotations\":{\"argocd.argoproj.io/refresh\":\"normal\"}}}";
    static final String UNPAUSE_STATUS = "{\"status\":{\"pauseConditions\":null}}";
    static final String UNPAUSE_SPEC = "{\"spec\":{\"paused\":false}}";
    static final String ABORT = "{\"status\":{\"abort\":true}}";

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;
    private final String argocdNamespace;
    private volatile Fabric8Watch watch;

    Fabric8Cluster(KubernetesClient client, String argocdNamespace) {
        this.client = client;
        this.argocdNamespace = argocdNamespace;
    }

    @Override
    public boolean followed() {
        return true;
    }

    @Override
    public Optional<ApplicationState> application(Target target) {
        Fabric8Watch cache = watch;
        Optional<Optional<GenericKubernetesResource>> cached =
                cache == null ? Optional.empty() : cache.application(argocdNamespace, target.label());
        if (cached.isPresent()) {
            return cached.get().map(Fabric8Cluster::applicationState);
        }
        return call(
                "reading the Application " + target.label(),
                () -> Optional.ofNullable(applicationOf(target).get()).map(Fabric8Cluster::applicationState));
    }

    @Override
    public Optional<RolloutState> rollout(Target target) {
        Fabric8Watch cache = watch;
        Optional<Optional<GenericKubernetesResource>> cached = cache == null
                ? Optional.empty()
                : cache.rollout(target.label(), target.app().value());
        if (cached.isPresent()) {
            return cached.get().map(Fabric8Cluster::rolloutState);
        }
        return call(
                "reading the Rollout of " + target,
                () -> Optional.ofNullable(rolloutOf(target).get()).map(Fabric8Cluster::rolloutState));
    }

    @Override
    public Watch watch(Consumer<String> changed) {
        Fabric8Watch started = new Fabric8Watch(client, argocdNamespace, changed);
        watch = started;
        return new Watch() {
            @Override
            public boolean synced() {
                return started.synced();
            }

            @Override
            public boolean connected() {
                return started.connected();
            }

            @Override
            public void close() {
                if (watch == started) {
                    watch = null;
                }
                started.close();
            }
        };
    }

    @Override
    public boolean refresh(Target target) {
        return call("asking Argo CD to refresh " + target.label(), () -> {
            Resource<GenericKubernetesResource> application = applicationOf(target);
            if (application.get() == null) {
                return false;
            }
            application.patch(MERGE, REFRESH);
            return true;
        });
    }

    @Override
    public Promotion promote(Target target) {
        return call("promoting the Rollout of " + target, () -> {
            Resource<GenericKubernetesResource> rollout = rolloutOf(target);
            GenericKubernetesResource found = rollout.get();
            if (found == null) {
                return Promotion.NO_ROLLOUT;
            }
            boolean pausedSpec = Boolean.TRUE.equals(path(found, "spec", "paused"));
            if (!(path(found, "status", "pauseConditions") instanceof List<?> pauses && !pauses.isEmpty())
                    && !pausedSpec) {
                return Promotion.NOTHING_PAUSED;
            }
            rollout.subresource("status").patch(MERGE, UNPAUSE_STATUS);
            if (pausedSpec) {
                rollout.patch(MERGE, UNPAUSE_SPEC);
            }
            return Promotion.PROMOTED;
        });
    }

    @Override
    public boolean abort(Target target) {
        return call("aborting the Rollout of " + target, () -> {
            Resource<GenericKubernetesResource> rollout = rolloutOf(target);
            if (rollout.get() == null) {
                return false;
            }
            rollout.subresource("status").patch(MERGE, ABORT);
            return true;
        });
    }

    private Resource<GenericKubernetesResource> applicationOf(Target target) {
        return client.genericKubernetesResources(APPLICATIONS)
                .inNamespace(argocdNamespace)
                .withName(target.label());
    }

    private Resource<GenericKubernetesResource> rolloutOf(Target target) {
        return client.genericKubernetesResources(ROLLOUTS)
                .inNamespace(target.label())
                .withName(target.app().value());
    }

    static ApplicationState applicationState(GenericKubernetesResource application) {
        Optional<ApplicationState.Operation> operation = map(path(application, "status", "operationState"))
                .map(op -> new ApplicationState.Operation(
                        text(op.get("phase")).orElse(""),
                        map(op.get("syncResult"))
                                .flatMap(result -> text(result.get("revision")))
                                .or(() -> map(op.get("operation"))
                                        .flatMap(o -> map(o.get("sync")))
                                        .flatMap(sync -> text(sync.get("revision")))),
                        text(op.get("message")).orElse("")));
        return new ApplicationState(
                text(path(application, "status", "sync", "status")).orElse("Unknown"),
                text(path(application, "status", "sync", "revision")),
                operation,
                text(path(application, "status", "health", "status")).orElse("Unknown"));
    }

    static RolloutState rolloutState(GenericKubernetesResource rollout) {
        Optional<Instant> pausedSince = Optional.empty();
        if (path(rollout, "status", "pauseConditions") instanceof List<?> pauses) {
            for (Object pause : pauses) {
                Optional<Map<?, ?>> condition = map(pause);
                if (condition
                        .flatMap(c -> text(c.get("reason")))
                        .filter("BlueGreenPause"::equals)
                        .isPresent()) {
                    pausedSince = condition
                            .flatMap(c -> text(c.get("startTime")))
                            .flatMap(Fabric8Calls::instant)
                            .or(() -> Optional.of(Instant.EPOCH));
                }
            }
        }
        Long generation = rollout.getMetadata().getGeneration();
        return new RolloutState(
                generation == null ? 0 : generation,
                number(path(rollout, "status", "observedGeneration")),
                text(path(rollout, "status", "phase")).orElse(""),
                pausedSince,
                Boolean.TRUE.equals(path(rollout, "status", "abort")),
                text(path(rollout, "status", "stableRS")),
                text(path(rollout, "status", "currentPodHash")),
                text(path(rollout, "status", "message")).orElse(""),
                map(path(rollout, "spec", "template", "metadata", "labels"))
                        .flatMap(labels -> text(labels.get("app.kubernetes.io/version"))));
    }

    private static Object path(GenericKubernetesResource resource, String... keys) {
        Object at = resource.getAdditionalProperties();
        for (String key : keys) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(key);
        }
        return at;
    }

    private static Optional<Map<?, ?>> map(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of(map) : Optional.empty();
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** {@code observedGeneration} is a number in some Argo Rollouts versions and a string in others. */
    private static long number(Object value) {
        try {
            return value == null ? -1 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
