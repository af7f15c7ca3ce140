package dev.pitapat.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * CPU (millicores) and memory (bytes), as the scheduler counts them: what a pod requests, what a node can give. A
 * quantity that cannot be read counts as nothing.
 */
record Requests(long milliCpu, long bytes) {

    static final Requests NONE = new Requests(0, 0);

    private static final long MI = 1024L * 1024;
    private static final long GI = MI * 1024;

    /**
     * What the scheduler reserves for {@code pod}: its containers' requests, or the largest init container if more
     * (sidecars, init containers with {@code restartPolicy: Always}, run beside the rest and add to both), plus the
     * pod's {@code overhead}.
     */
    static Requests of(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return NONE;
        }
        Requests containers = NONE;
        for (Container container : list(spec.getContainers())) {
            containers = containers.plus(of(container));
        }
        Requests sidecars = NONE;
        Requests init = NONE;
        for (Container container : list(spec.getInitContainers())) {
            Requests own = of(container);
            Requests during;
            if ("Always".equals(container.getRestartPolicy())) {
                containers = containers.plus(own);
                sidecars = sidecars.plus(own);
                during = sidecars;
            } else {
                during = own.plus(sidecars);
            }
            init = init.max(during);
        }
        return containers.max(init).plus(of(spec.getOverhead()));
    }

    /** What {@code node} offers pods: its {@code status.allocatable}. */
    static Requests allocatable(Node node) {
        return node.getStatus() == null ? NONE : of(node.getStatus().getAllocatable());
    }

    private static Requests of(Container container) {
        return container.getResources() == null
                ? NONE
                : of(container.getResources().getRequests());
    }

    private static Requests of(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return NONE;
        }
        return new Requests(amount(quantities.get("cpu"), 3), amount(quantities.get("memory"), 0));
    }

    /** The quantity times 10^{@code shift}, rounded up (as the scheduler rounds {@code 0.1m} to 1m). */
    private static long amount(Quantity quantity, int shift) {
        if (quantity == null) {
            return 0;
        }
        try {
            BigDecimal value = Quantity.getAmountInBytes(quantity).movePointRight(shift);
            return value.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    Requests plus(Requests other) {
        return new Requests(milliCpu + other.milliCpu, bytes + other.bytes);
    }

    Requests minus(Requests other) {
        return new Requests(milliCpu - other.milliCpu, bytes - other.bytes);
    }

    Requests max(Requests other) {
        return new Requests(Math.max(milliCpu, other.milliCpu), Math.max(bytes, other.bytes));
    }

    /** Whether {@code pod} fits in what is left here; a resource the pod does not request always fits. */
    boolean holds(Requests pod) {
        return (pod.milliCpu == 0 || pod.milliCpu <= milliCpu) && (pod.bytes == 0 || pod.bytes <= bytes);
    }

    /** As a platform engineer writes it: {@code 500m CPU and 256Mi memory}, {@code 2 CPU}, {@code no requests}. */
    String describe() {
        String cpu = milliCpu == 0 ? "" : (milliCpu % 1000 == 0 ? milliCpu / 1000 + "" : milliCpu + "m") + " CPU";
        String memory = bytes == 0 ? "" : memory(bytes) + " memory";
        if (cpu.isEmpty() && memory.isEmpty()) {
            return "no CPU or memory requests";
        }
        return cpu.isEmpty() ? memory : memory.isEmpty() ? cpu : cpu + " and " + memory;
    }

    private static String memory(long bytes) {
        if (bytes % GI == 0) {
            return bytes / GI + "Gi";
        }
        if (bytes >= MI) {
            return (bytes + MI - 1) / MI + "Mi";
        }
        return (bytes + 1023) / 1024 + "Ki";
    }
}
