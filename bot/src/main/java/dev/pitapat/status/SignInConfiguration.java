package dev.pitapat.status;

import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.UserRepositories;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.BeanIds;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * "Sign in with GitHub" for the status page and {@code /api}, when {@code pitapat.github.client-id} and
 * {@code client-secret} are set (the GitHub App's own OAuth credentials); otherwise only loopback clients get in
 * ({@link LoopbackOnlyFilter}). Loopback clients sign in too once sign-in is configured.
 *
 * <p>Spring Security's OAuth2 login, with one registration, {@value #REGISTRATION}, built here from pitapat's
 * settings: GitHub's web address for the authorization and token endpoints ({@link GitHubProperties#webUrl()}),
 * its API for the user ({@code /user}, named by {@code login}), and the callback
 * {@code <pitapat.public-url>/login/oauth2/code/github} (without a public URL, the address the request came to). The
 * {@code state} of every callback is checked against the sign-in this browser started; the user's token is kept in
 * their session only. Sessions are cookies ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} over https:
 * {@code application.properties}); {@code POST /logout} (with its CSRF token, as every form) ends one and goes to
 * {@code /}.
 *
 * <p>Boot would put Spring Security's filter in front of every path; pitapat registers it through {@link SignInGate}
 * instead, so the webhook and the actuator never enter it, and only when sign-in is configured.
 *
 * <p>Whether sign-in is configured is decided when the bot starts: the filters ask {@link SignInChoice}, and the
 * chain is built for the answer; never by {@code @Conditional} beans, which the AOT-processed jar would fix at
 * build time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SignInConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignInConfiguration.class);

    static final String REGISTRATION = "github";

    /** Where GitHub sends the browser back to, under {@code pitapat.public-url}. */
    static final String CALLBACK = "/login/oauth2/code/" + REGISTRATION;

    /** The bean by which Boot registers Spring Security's filter ({@code SecurityFilterAutoConfiguration}). */
    static final String BOOT_SECURITY_REGISTRATION = "securityFilterChainRegistration";

    /** Boot's registration of Spring Security's filter for every path is switched off: {@link #signInGate} replaces it. */
    @Bean
    static BeanPostProcessor securityFilterOnlyThroughTheSignInGate() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && beanName.equals(BOOT_SECURITY_REGISTRATION)) {
                    registration.setEnabled(false);
                }
                return bean;
            }
        };
    }

    /** Spring Security's filter, for the pages and {@code /api} only, when sign-in is configured. */
    @Bean
    FilterRegistrationBean<SignInGate> signInGate(
            ApplicationContext context, SecurityFilterProperties order, StatusPaths paths, SignInChoice signIn) {
        DelegatingFilterProxy security =
                new DelegatingFilterProxy(BeanIds.SPRING_SECURITY_FILTER_CHAIN, (WebApplicationContext) context);
        FilterRegistrationBean<SignInGate> registration =
                new FilterRegistrationBean<>(new SignInGate(security, paths, signIn));
        registration.setName("signInGate");
        registration.setOrder(order.getOrder());
        // Error pages render what the request already earned; they need no second check.
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /**
     * With sign-in configured, everyone signs in with GitHub. Without it no request enters Spring Security's
     * filters ({@link SignInGate} lets everything past them, {@link LoopbackOnlyFilter} guards the pages), and this
     * chain only keeps Boot from building its default form-login one, and would refuse everything.
     */
    @Bean
    SecurityFilterChain statusSecurity(
            ObjectProvider<HttpSecurity> security,
            GitHubProperties github,
            SignInProperties site,
            OAuth2AuthorizedClientRepository tokens) {
        if (!github.signInConfigured()) {
            log.info("Sign in with GitHub is not configured (pitapat.github.client-id and client-secret): the status"
                    + " page and /api answer loopback clients only");
            // One filter that refuses, without the sign-in machinery an HttpSecurity would build (a tenth of a
            // second of every start).
            return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, SignInConfiguration::refuse);
        }
        HttpSecurity http = security.getObject();
        ClientRegistration registration = registration(github, site);
        log.info(
                "Sign in with GitHub for the status page and /api: people sign in at {}, and come back to {}",
                github.webUrl(),
                registration.getRedirectUri().startsWith("{baseUrl}")
                        ? "the address they reached pitapat at (pitapat.public-url is not set)"
                        : registration.getRedirectUri());
        // Only a page a browser asked for is returned to after signing in; an API call keeps no session.
        HttpSessionRequestCache pagesOnly = new HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(
                request -> HttpMethod.GET.matches(request.getMethod()) && !SignInAnswers.isApi(request));
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2Login(login -> login.clientRegistrationRepository(
                                new InMemoryClientRegistrationRepository(registration))
                        .authorizedClientRepository(tokens)
                        .failureHandler(SignInAnswers::signInFailed))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(SignInAnswers::signInFirst))
                .requestCache(cache -> cache.requestCache(pagesOnly))
                .logout(logout -> logout.logoutSuccessUrl("/"))
                .build();
    }

    private static void refuse(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
        ((HttpServletResponse) response).sendError(HttpServletResponse.SC_FORBIDDEN);
    }

    /** The registration of the App's OAuth client at GitHub, from pitapat's settings. */
    static ClientRegistration registration(GitHubProperties github, SignInProperties site) {
        String web = github.webUrl().toString();
        String api = github.apiUrl().toString().replaceAll("/+$", "");
        return ClientRegistration.withRegistrationId(REGISTRATION)
                .clientName("GitHub")
                .clientId(github.clientId().orElseThrow())
                .clientSecret(github.clientSecret().orElseThrow())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(site.publicUrl()
                        .map(publicUrl -> publicUrl + CALLBACK)
                        .orElse("{baseUrl}/login/oauth2/code/{registrationId}"))
                .authorizationUri(web + "/login/oauth/authorize")
                .tokenUri(web + "/login/oauth/access_token")
                .userInfoUri(api + "/user")
                .userNameAttributeName("login")
                .build();
    }

    /** A person's GitHub token lives in their session, and goes with it. */
    @Bean
    OAuth2AuthorizedClientRepository gitHubTokens() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    @Bean
    Viewers viewers(
            GitHubProperties github,
            ObjectProvider<OAuth2AuthorizedClientRepository> tokens,
            MeterRegistry meters,
            Clock clock) {
        if (!github.signInConfigured()) {
            return Viewers.loopbackOnly();
        }
        return Viewers.signedIn(
                new Viewers.SignedIn(tokens.getObject(), new UserRepositories(github.apiUrl(), meters), clock));
    }

    /** Any controller method may take a {@link Viewer}. */
    @Bean
    WebMvcConfigurer viewerArguments(Viewers viewers) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(viewers);
            }
        };
    }
}
