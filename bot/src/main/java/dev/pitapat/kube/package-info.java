/**
 * The cluster, as pitapat needs it: the Argo CD {@code Application} and the Argo Rollouts {@code Rollout} of each
 * environment, read and acted on through fabric8 ({@link dev.pitapat.kube.Cluster}), or a null object when no
 * cluster is configured.
 */
@NullMarked
package dev.pitapat.kube;

import org.jspecify.annotations.NullMarked;
