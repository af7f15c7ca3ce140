package dev.pitapat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a fabric8 model object took every field of the YAML it was read from: fabric8 keeps a field it
 * does not know (a misspelt {@code readinesProbe}) in {@code additionalProperties} instead of failing, so each
 * nested object's must be empty. Used for the rendered manifests and the Helm chart's objects.
 */
public final class KubernetesModels {

    private KubernetesModels() {}

    public static void assertNoUnknownFields(Object model, String where) {
        walk(model, where, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(Object value, String path, Set<Object> seen) {
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object each : list) {
                walk(each, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, each) -> walk(each, path + "." + key, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) child)
                        .as("fields %s does not know", path)
                        .isNullOrEmpty();
            } else if (child != null) {
                walk(child, path + "." + getter.getName().substring(3), seen);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("reading " + getter, e);
        }
    }
}
