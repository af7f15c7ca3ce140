package dev.pitapat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends deliveries to a running bot the way GitHub does: raw JSON, signed, with event and delivery headers. */
public final class WebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String secret;

    public WebhookClient(int port, String secret) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.secret = secret;
    }

    public HttpResponse<String> deliver(String event, byte[] body) {
        return deliver(event, UUID.randomUUID().toString(), body);
    }

    public HttpResponse<String> deliver(String event, String deliveryId, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/test")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
