package dev.pitapat.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two informers behind {@link Cluster#watch}: list + watch of pitapat's Applications in the Argo CD namespace
 * and of its Rollouts in every namespace, each one connection for all environments. fabric8 re-lists and
 * re-watches by itself when a watch drops (an expired resource version, a closed connection); a failure to
 * start is retried with its backoff rather than given up, so a cluster that comes back is followed again.
 */
final class Fabric8Watch implements Cluster.Watch {

    private static final Logger log = LoggerFactory.getLogger(Fabric8Watch.class);

    /** The label pitapat's rendered Rollouts and the ApplicationSet's Applications carry. */
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    static final String PITAPAT = "pitapat";

    private final SharedIndexInformer<GenericKubernetesResource> applications;
    private final SharedIndexInformer<GenericKubernetesResource> rollouts;

    Fabric8Watch(KubernetesClient client, String argocdNamespace, Consumer<String> changed) {
        this.applications = informer(
                client.genericKubernetesResources(Fabric8Cluster.APPLICATIONS)
                        .inNamespace(argocdNamespace)
                        .withLabel(MANAGED_BY, PITAPAT)
                        .runnableInformer(0),
                "Applications",
                application -> application.getMetadata().getName(),
                changed);
        this.rollouts = informer(
                client.genericKubernetesResources(Fabric8Cluster.ROLLOUTS)
                        .inAnyNamespace()
                        .withLabel(MANAGED_BY, PITAPAT)
                        .runnableInformer(0),
                "Rollouts",
                rollout -> rollout.getMetadata().getNamespace(),
                changed);
        applications.start();
        rollouts.start();
    }

    /**
     * {@code informer} reporting each resource added, changed or deleted to {@code changed} by its {@code label},
     * and a failure to start or to watch as a warning, fabric8 trying again.
     */
    static SharedIndexInformer<GenericKubernetesResource> informer(
            SharedIndexInformer<GenericKubernetesResource> informer,
            String kind,
            Function<GenericKubernetesResource, String> label,
            Consumer<String> changed) {
        return informer.exceptionHandler((started, failure) -> {
                    log.warn("Watching the cluster's {} failed ({}); fabric8 tries again", kind, failure.getMessage());
                    return true;
                })
                .addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource resource) {
                        changed.accept(label.apply(resource));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource now) {
                        changed.accept(label.apply(now));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                        changed.accept(label.apply(resource));
                    }
                });
    }

    /** The cached Application, once the Applications are listed; empty (not known) before. */
    Optional<Optional<GenericKubernetesResource>> application(String namespace, String name) {
        return cached(applications, namespace, name);
    }

    /** The cached Rollout, once the Rollouts are listed; empty (not known) before. */
    Optional<Optional<GenericKubernetesResource>> rollout(String namespace, String name) {
        return cached(rollouts, namespace, name);
    }

    private static Optional<Optional<GenericKubernetesResource>> cached(
            SharedIndexInformer<GenericKubernetesResource> informer, String namespace, String name) {
        if (!informer.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name)));
    }

    @Override
    public boolean synced() {
        return applications.hasSynced() && rollouts.hasSynced();
    }

    @Override
    public boolean connected() {
        return applications.isWatching() && rollouts.isWatching();
    }

    @Override
    public void close() {
        applications.close();
        rollouts.close();
    }
}
