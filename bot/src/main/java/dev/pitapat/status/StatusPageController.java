package dev.pitapat.status;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    /** The banner at the top of the page: none for now. */
    static final String NO_NOTICE = "";

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

    StatusPageController(StatusBoard board, StatusPages pages) {
        this.board = board;
        this.pages = pages;
    }

    @GetMapping("/")
    ResponseEntity<String> page() {
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(render(pages.of(board.overview(StatusBoard.EVERY_REPOSITORY)), NO_NOTICE));
    }

    /** The page's HTML for {@code page}, with {@code notice} in the banner spot at the top when it is not blank. */
    String render(StatusPage page, String notice) {
        StringOutput html = new StringOutput();
        templates.render("status.jte", Map.of("page", page, "notice", notice), html);
        return html.toString();
    }
}
