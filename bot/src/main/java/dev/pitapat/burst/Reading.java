package dev.pitapat.burst;

/** One sample of the signal: a ratio, or why there is none (which means "hold", never "scale to zero"). */
public sealed interface Reading {

    /** The query's one value: requests over capacity, 0 and up. */
    record Value(double ratio) implements Reading {
        public Value {
            if (!Double.isFinite(ratio) || ratio < 0) {
                throw new IllegalArgumentException("a reading is a finite ratio of 0 or more, not " + ratio);
            }
        }
    }

    /** No usable value: Prometheus failed or timed out, the result was empty, NaN or infinite. */
    record Unavailable(String why) implements Reading {}
}
