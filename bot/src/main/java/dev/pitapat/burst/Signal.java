package dev.pitapat.burst;

/** Where the utilisation ratio comes from: Prometheus's HTTP API ({@link PrometheusSignal}). */
interface Signal {

    /** One sample now; never throws: whatever goes wrong is an {@link Reading.Unavailable} saying what. */
    Reading read();
}
