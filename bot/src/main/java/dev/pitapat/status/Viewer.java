package dev.pitapat.status;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who asks for a status page or an {@code /api} answer, and so which repositories it may show: the one place that
 * decides it. A controller method takes a {@code Viewer} argument (resolved once per request by {@link Viewers});
 * {@code viewer::canSee} is a {@code Predicate<String>} over {@code owner/repo}. An app's repository is the one it
 * is deployed from ({@code GitOpsWriter.ownerOf}).
 */
public sealed interface Viewer {

    /** Without sign-in configured: a loopback client ({@code LoopbackOnlyFilter} turns others away) sees everything. */
    Viewer EVERYONE = new Everyone();

    /** Whether the viewer may see what belongs to the repository {@code owner/repo}. */
    boolean canSee(String ownerRepo);

    /** A loopback client while "Sign in with GitHub" is not configured. */
    record Everyone() implements Viewer {
        @Override
        public boolean canSee(String ownerRepo) {
            return true;
        }
    }

    /**
     * A person signed in with GitHub, who sees the repositories they can read through the App's installations,
     * named as GitHub names them (compared without regard to case, as GitHub does), and nothing else.
     */
    record Person(String login, Set<String> repositories) implements Viewer {

        public Person {
            repositories = repositories.stream().map(Person::folded).collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public boolean canSee(String ownerRepo) {
            return repositories.contains(folded(ownerRepo));
        }

        private static String folded(String ownerRepo) {
            return ownerRepo.toLowerCase(Locale.ROOT);
        }
    }
}
