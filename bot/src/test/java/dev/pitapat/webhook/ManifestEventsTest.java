package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.AppManifest;
import java.lang.reflect.Constructor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;

/**
 * The App manifest subscribes to every event a webhook handler takes, and to nothing else: a new handler without its
 * event in {@link AppManifest} (or an event left there after its handler went) fails here.
 */
class ManifestEventsTest {

    @Test
    void theManifestSubscribesToExactlyTheEventsWithAHandler() throws Exception {
        // Only the handlers the application registers: components that are webhook handlers.
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(
                (reader, factory) -> reader.getAnnotationMetadata().hasAnnotation(Component.class.getName())
                        && new AssignableTypeFilter(WebhookHandler.class).match(reader, factory));
        Set<String> handled = new TreeSet<>();
        for (BeanDefinition handler : scanner.findCandidateComponents("dev.pitapat")) {
            handled.add(eventOf(Class.forName(handler.getBeanClassName())));
        }

        Set<String> manifest = new TreeSet<>();
        Stream.concat(AppManifest.EVENTS.stream(), AppManifest.ALWAYS_DELIVERED.stream())
                .forEach(event -> manifest.add(event.name()));
        assertThat(handled).hasSize(8).isEqualTo(manifest);
    }

    /** The event a handler takes; {@code event()} reads no collaborator, so none is given. */
    private static String eventOf(Class<?> type) throws Exception {
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] none = new Object[constructor.getParameterCount()];
        return ((WebhookHandler) constructor.newInstance(none)).event();
    }
}
