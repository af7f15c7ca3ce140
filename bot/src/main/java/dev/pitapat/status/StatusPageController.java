package dev.pitapat.status;

import dev.pitapat.burst.Capacity;
import dev.pitapat.github.GitHubConfiguration;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /}: the status page, HTML rendered on the server from {@code src/main/jte/status.jte} (compiled to
 * Java in this package at build time; every value is HTML-escaped by the generated code). No script: the policy
 * header allows none.
 */
@Controller
class StatusPageController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            StatusPageController.class.getClassLoader(),
            StatusPageController.class.getPackageName());
    private final StatusBoard board;
    private final StatusPages pages;
    private final Capacity capacity;
    private final ObjectProvider<GitHubConfiguration.StandIn> standIn;

    StatusPageController(
            StatusBoard board,
            StatusPages pages,
            ObjectProvider<GitHubConfiguration.StandIn> standIn,
            Capacity capacity) {
        this.board = board;
        this.capacity = capacity;
        this.pages = pages;
        this.standIn = standIn;
    }

    @GetMapping("/")
    ResponseEntity<String> page(Viewer viewer) {
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(render(
                        pages.of(board.overview(viewer::canSee)).with(StatusPages.capacity(capacity)),
                        Optional.ofNullable(standIn.getIfAvailable())
                                .map(GitHubConfiguration.StandIn::pullRequestPage)));
    }

    /** The page's HTML, with a banner naming the local stand-in's pull request on a first run. */
    String render(StatusPage page, Optional<URI> standInPage) {
        StringOutput html = new StringOutput();
        templates.render("status.jte", Map.of("page", page, "standIn", standInPage), html);
        return html.toString();
    }
}
