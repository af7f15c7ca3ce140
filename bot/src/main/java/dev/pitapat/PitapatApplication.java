package dev.pitapat;

import dev.pitapat.github.local.ExampleCommand;
import dev.pitapat.render.RenderCommand;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** pitapat: deploys applications to Kubernetes the GitOps way, from pull requests. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PitapatApplication {

    /**
     * Starts the bot, or, when the first argument is {@code render} or {@code example}, runs that command and
     * exits with its code.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RenderCommand.NAME)) {
            System.exit(RenderCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(ExampleCommand.NAME)) {
            System.exit(ExampleCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(PitapatApplication.class, args);
    }
}
