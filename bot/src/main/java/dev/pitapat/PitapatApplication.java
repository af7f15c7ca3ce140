package dev.pitapat;

import dev.pitapat.github.local.ExampleCommand;
import dev.pitapat.render.RenderCommand;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * pitapat: deploys applications to Kubernetes the GitOps way, from pull requests.
 *
 * <p>Auto-configurations for what pitapat does not use (Spring Data repositories and web support, transactions,
 * AOP, Spring's task executor and scheduler, multipart uploads, Netty) are left out: each costs start-up time and
 * memory for classes nothing calls. So is the generic per-request HTTP observation ({@code http.server.requests}):
 * {@code pitapat_deliveries_total} counts every webhook answer, and the observation's filter cost the intake path
 * about 5% of its CPU. So are Tomcat's metrics: with Tomcat's MBean registry off (Boot's default) they are only
 * {@code tomcat_sessions_*}, and their binder reads Tomcat through JMX, which created the JVM's platform MBean
 * server at every start (about 5% of the start's main thread).
 */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
            "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration",
            "org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
            "org.springframework.boot.netty.autoconfigure.NettyAutoConfiguration",
            "org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration",
            "org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration",
            "org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration"
        })
@ConfigurationPropertiesScan
public class PitapatApplication {

    /**
     * Starts the bot, or, when the first argument is {@code render} or {@code example}, runs that command and
     * exits with its code. With {@code -Dpitapat.aot-training=true} the start trains a JDK AOT cache
     * ({@link AotTraining}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RenderCommand.NAME)) {
            System.exit(RenderCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(ExampleCommand.NAME)) {
            System.exit(ExampleCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        var application = new SpringApplication(PitapatApplication.class);
        if (AotTraining.requested()) {
            application.addListeners(new AotTraining(System::exit));
        }
        application.run(args);
    }
}
