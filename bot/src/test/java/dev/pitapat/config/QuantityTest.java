package dev.pitapat.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.model.Checked;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({"500m, 2", "512Mi, 4Gi", "1G, 1Gi", "0.5, 501m", "976Ki, 1M", "1k, 1001", "100m, 0.2"})
    void comparesByAmount(String smaller, String larger) {
        assertThat(new Quantity(smaller)).isLessThan(new Quantity(larger));
        assertThat(new Quantity(larger)).isGreaterThan(new Quantity(smaller));
    }

    @ParameterizedTest
    @CsvSource({"2, 2000m", "1Gi, 1024Mi", "1k, 1000", "0.5, 500m"})
    void treatsEqualAmountsAsEqualInOrder(String a, String b) {
        assertThat(new Quantity(a).compareTo(new Quantity(b))).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-1",
                "+1",
                "1e3",
                "1.2.3",
                ".",
                "m",
                "1mi",
                "1 Gi",
                "0",
                "0.0m",
                "1KB",
                "9999999999999999999999999"
            })
    void refusesWhatIsNotAPositiveQuantity(String text) {
        assertThat(Quantity.parse(text)).isInstanceOf(Checked.Invalid.class);
    }
}
