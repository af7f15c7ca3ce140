package dev.pitapat.onboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.onboarding.*}.
 *
 * @param enabled whether installing the App on a repository without {@code .github/pitapat.yml} opens the onboarding
 *     pull request there
 */
@ConfigurationProperties("pitapat.onboarding")
public record OnboardingProperties(@DefaultValue("true") boolean enabled) {}
