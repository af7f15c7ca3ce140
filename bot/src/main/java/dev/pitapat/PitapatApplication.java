package dev.pitapat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** pitapat: deploys applications to Kubernetes the GitOps way, from pull requests. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PitapatApplication {

    public static void main(String[] args) {
        SpringApplication.run(PitapatApplication.class, args);
    }
}
