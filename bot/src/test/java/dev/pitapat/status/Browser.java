package dev.pitapat.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A browser as far as signing in needs one: real HTTP, no redirect followed by itself, and a cookie jar that keeps
 * what each server sets (by host and port) and sends it back.
 */
final class Browser {

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Map<String, String>> jar = new LinkedHashMap<>();

    HttpResponse<String> get(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    HttpResponse<String> post(String url, String form, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                headers);
    }

    /** The request to where the answer redirects. */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        return get(location(redirect).toString());
    }

    /** The cookie {@code name} this browser holds for the server at {@code url}, if any. */
    Optional<String> cookie(String url, String name) {
        return Optional.ofNullable(
                jar.getOrDefault(origin(URI.create(url)), Map.of()).get(name));
    }

    static URI location(HttpResponse<String> redirect) {
        String location = redirect.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + redirect.statusCode() + " answer"));
        return redirect.uri().resolve(location);
    }

    /** The decoded query parameters of {@code uri}. */
    static Map<String, String> query(URI uri) {
        if (uri.getRawQuery() == null) {
            return Map.of();
        }
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : "", (a, b) -> a));
    }

    /** Every {@code Set-Cookie} of an answer that sets {@code name}. */
    static List<String> setCookies(HttpResponse<?> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(name + "="))
                .toList();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpRequest built = request.build();
        Map<String, String> cookies = jar.computeIfAbsent(origin(built.uri()), origin -> new LinkedHashMap<>());
        if (!cookies.isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header(
                            "Cookie",
                            cookies.entrySet().stream()
                                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                                    .collect(Collectors.joining("; ")))
                    .build();
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String setCookie : answer.headers().allValues("Set-Cookie")) {
            String[] nameValue = setCookie.split(";", 2)[0].split("=", 2);
            if (setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                cookies.remove(nameValue[0].strip());
            } else {
                cookies.put(nameValue[0].strip(), nameValue.length > 1 ? nameValue[1].strip() : "");
            }
        }
        return answer;
    }

    private static String origin(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
