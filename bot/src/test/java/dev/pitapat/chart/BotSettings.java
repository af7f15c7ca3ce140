package dev.pitapat.chart;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Every {@code pitapat.*} setting the bot reads, in kebab case: the components of its {@code @ConfigurationProperties}
 * records (nested records included) and the {@code @Value("${pitapat....}")} constructor parameters.
 */
final class BotSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(pitapat\\.[a-z0-9.-]+)[:}]");

    private BotSettings() {}

    static Set<String> all() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return true;
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        scanner.addIncludeFilter(
                (reader, factory) -> reader.getClassMetadata().getClassName().startsWith("dev.pitapat."));
        Set<String> settings = new TreeSet<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("dev.pitapat")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName(), false, BotSettings.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
            if (properties != null && type.isRecord()) {
                String prefix = properties.value().isEmpty() ? properties.prefix() : properties.value();
                components(type, prefix, settings);
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Parameter parameter : constructor.getParameters()) {
                    Value value = parameter.getAnnotation(Value.class);
                    if (value != null) {
                        Matcher name = PLACEHOLDER.matcher(value.value());
                        if (name.find()) {
                            settings.add(name.group(1));
                        }
                    }
                }
            }
        }
        return settings;
    }

    private static void components(Class<?> record, String prefix, Set<String> into) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord() && component.getType().getName().startsWith("dev.pitapat.")) {
                components(component.getType(), name, into);
            } else {
                into.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
