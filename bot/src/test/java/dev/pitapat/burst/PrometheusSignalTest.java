package dev.pitapat.burst;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The signal against Prometheus's HTTP API as WireMock plays it: its answers, its error shapes, its silences. */
class PrometheusSignalTest {

    @RegisterExtension
    static WireMockExtension prometheus = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String QUERY = "sum(kube_pod_container_resource_requests{resource=\"cpu\"}) / 10";

    private Reading answer(String body) {
        return answer(200, body);
    }

    private Reading answer(int status, String body) {
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
        return signal(Duration.ofSeconds(2)).read();
    }

    private PrometheusSignal signal(Duration timeout) {
        return new PrometheusSignal(HttpClient.newHttpClient(), prometheus.baseUrl(), QUERY, timeout);
    }

    private static String vector(String... values) {
        StringBuilder series = new StringBuilder();
        for (String value : values) {
            series.append(series.isEmpty() ? "" : ",")
                    .append("{\"metric\":{},\"value\":[1764756000.123,\"")
                    .append(value)
                    .append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series + "]}}";
    }

    @Test
    void readsTheOneSampleOfAVectorAndSendsTheQuery() {
        assertThat(answer(vector("0.8532"))).isEqualTo(new Reading.Value(0.8532));
        prometheus.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("query", WireMock.equalTo(QUERY))
                .withQueryParam("timeout", WireMock.equalTo("2000ms")));
    }

    @Test
    void readsAScalar() {
        assertThat(
                        answer(
                                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1764756000,\"1.25\"]}}"))
                .isEqualTo(new Reading.Value(1.25));
    }

    @Test
    void keepsAPathPrefix() {
        prometheus.stubFor(get(urlPathEqualTo("/prometheus/api/v1/query")).willReturn(okJson(vector("0.5"))));
        Reading reading = new PrometheusSignal(
                        HttpClient.newHttpClient(), prometheus.baseUrl() + "/prometheus/", QUERY, Duration.ofSeconds(2))
                .read();
        assertThat(reading).isEqualTo(new Reading.Value(0.5));
    }

    @Test
    void aUserAndPasswordInTheUrlAreSentAsBasicAuthenticationAndNotInTheUrl() {
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(vector("0.5"))));
        String base = prometheus.baseUrl().replace("http://", "http://pitapat:s3cr%40t@");

        Reading reading = new PrometheusSignal(HttpClient.newHttpClient(), base, QUERY, Duration.ofSeconds(2)).read();

        assertThat(reading).isEqualTo(new Reading.Value(0.5));
        prometheus.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withHeader("Authorization", WireMock.equalTo("Basic cGl0YXBhdDpzM2NyQHQ=")));
        assertThat(PrometheusSignal.withoutUserInfo(java.net.URI.create(base)).toString())
                .isEqualTo(prometheus.baseUrl())
                .doesNotContain("s3cr");
    }

    @Test
    void anEmptyResultIsNoData() {
        assertThat(answer(vector())).isEqualTo(new Reading.Unavailable("the query gave no data (an empty result)"));
    }

    @Test
    void nanAndInfinitiesAreUnavailable() {
        assertThat(answer(vector("NaN"))).isEqualTo(new Reading.Unavailable("the query gave NaN"));
        assertThat(answer(vector("+Inf"))).isEqualTo(new Reading.Unavailable("the query gave +Inf"));
        assertThat(answer(vector("-Inf"))).isEqualTo(new Reading.Unavailable("the query gave -Inf"));
    }

    @Test
    void aNegativeOrUnreadableValueIsUnavailable() {
        assertThat(answer(vector("-0.2"))).isInstanceOf(Reading.Unavailable.class);
        assertThat(answer(vector("lots"))).isEqualTo(new Reading.Unavailable("the query gave \"lots\", not a number"));
    }

    @Test
    void severalSeriesAreRefused() {
        assertThat(answer(vector("0.5", "0.7")))
                .isEqualTo(new Reading.Unavailable("the query gave 2 series; it must give one (wrap it in sum(...))"));
    }

    @Test
    void aMatrixIsRefused() {
        assertThat(answer("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"))
                .isInstanceOf(Reading.Unavailable.class)
                .extracting(r -> ((Reading.Unavailable) r).why())
                .asString()
                .contains("matrix");
    }

    @Test
    void prometheusErrorsSayWhatPrometheusSaid() {
        Reading badData = answer(
                400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:5:"
                        + " parse error: unexpected identifier\"}");
        assertThat(((Reading.Unavailable) badData).why())
                .isEqualTo("Prometheus refused the query (HTTP 400, bad_data: invalid parameter \"query\": 1:5: parse"
                        + " error: unexpected identifier)");
        Reading unavailable =
                answer(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"TSDB not ready\"}");
        assertThat(((Reading.Unavailable) unavailable).why())
                .contains("HTTP 503")
                .contains("TSDB not ready");
        Reading timeout = answer(422, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}");
        assertThat(((Reading.Unavailable) timeout).why()).contains("timeout: query timed out");
    }

    @Test
    void anAnswerThatIsNotJsonIsUnavailable() {
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        assertThat(signal(Duration.ofSeconds(2)).read())
                .isEqualTo(new Reading.Unavailable("Prometheus answered HTTP 502 without JSON"));
    }

    @Test
    void aQueryThatTimesOutHolds() {
        prometheus.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .willReturn(okJson(vector("0.9")).withFixedDelay(1_000)));
        assertThat(signal(Duration.ofMillis(150)).read())
                .isEqualTo(new Reading.Unavailable("Prometheus did not answer within 150 ms"));
    }

    @Test
    void prometheusDownIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Reading reading = new PrometheusSignal(
                        HttpClient.newHttpClient(), "http://127.0.0.1:" + port, QUERY, Duration.ofSeconds(2))
                .read();
        assertThat(((Reading.Unavailable) reading).why()).startsWith("Prometheus could not be reached");
    }
}
