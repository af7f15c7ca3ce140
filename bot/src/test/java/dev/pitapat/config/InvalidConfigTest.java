package dev.pitapat.config;

import static dev.pitapat.config.RepoConfigsTest.problems;
import static dev.pitapat.config.RepoConfigsTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One broken rule per row: the file is refused naming the field and the rule. */
class InvalidConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key        | colour: blue                                       | colour                              | known keys here
            unknown key in environment   | environments: { staging: { deploy_on: push } }     | environments.staging.deploy_on      | known keys here
            unknown key in limits        | limits: { disk: 1Gi }                              | limits.disk                         | known keys here
            unknown key in resources     | resources: { gpu: 1 }                              | resources.gpu                       | known keys here
            duplicate top-level key      | port: 80\\nport: 81                                | port                                | each key appears once
            duplicate environment        | environments:\\n  a: {}\\n  a: {}                  | environments.a                      | each key appears once
            top level is a list          | - app                                              | .github/pitapat.yml                 | mapping
            not YAML                     | app: [unclosed                                     | .github/pitapat.yml                 | one YAML document
            two documents                | app: a\\n---\\napp: b                              | .github/pitapat.yml                 | one YAML document
            app upper case               | app: Hello                                         | app                                 | DNS-1123
            app too long                 | app: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | app          | DNS-1123
            app a number                 | app: 42                                            | app                                 | app is text
            image with tag               | image: ghcr.io/acme/hello:latest                   | image                               | without tag
            image upper case             | image: ghcr.io/Acme/hello                          | image                               | lowercase
            build unknown                | build: jenkins                                     | build                               | build is one of: external, argo-workflows
            port zero                    | port: 0                                            | port                                | from 1 to 65535
            port too high                | port: 65536                                        | port                                | from 1 to 65535
            port as text                 | port: http                                         | port                                | whole number
            port as decimal              | port: 80.5                                         | port                                | whole number
            health-path relative         | health-path: healthz                               | health-path                         | starts with '/'
            health-path with space       | health-path: "/a b"                                | health-path                         | no spaces
            health-path with control     | health-path: "/a\\tb"                              | health-path                         | control characters
            health-path too long         | health-path: /%s                                   | health-path                         | at most 256
            replicas zero                | replicas: 0                                        | replicas                            | from 1
            replicas above limit         | replicas: 11                                       | replicas                            | limits.replicas
            replicas as list             | replicas: [1]                                      | replicas                            | whole number
            autoscaling unknown key      | resources: { cpu: 1 }\\nautoscaling: { max-replicas: 4, min: 2 } | autoscaling.min | known keys here
            autoscaling a list           | resources: { cpu: 1 }\\nautoscaling: [4]           | autoscaling                         | mapping
            autoscaling without max      | resources: { cpu: 1 }\\nautoscaling: { cpu-percent: 70 } | autoscaling.max-replicas      | needs max-replicas
            autoscaling empty            | resources: { cpu: 1 }\\nautoscaling:               | autoscaling.max-replicas            | needs max-replicas
            max-replicas above limit     | resources: { cpu: 1 }\\nautoscaling: { max-replicas: 11 } | autoscaling.max-replicas     | limits.replicas
            max-replicas equal replicas  | replicas: 3\\nresources: { cpu: 1 }\\nautoscaling: { max-replicas: 3 } | autoscaling.max-replicas | more than replicas
            max-replicas below replicas  | replicas: 3\\nresources: { cpu: 1 }\\nautoscaling: { max-replicas: 2 } | autoscaling.max-replicas | more than replicas
            max-replicas as text         | resources: { cpu: 1 }\\nautoscaling: { max-replicas: six } | autoscaling.max-replicas    | whole number
            cpu-percent zero             | resources: { cpu: 1 }\\nautoscaling: { max-replicas: 4, cpu-percent: 0 } | autoscaling.cpu-percent | from 1 to 100
            cpu-percent above 100        | resources: { cpu: 1 }\\nautoscaling: { max-replicas: 4, cpu-percent: 101 } | autoscaling.cpu-percent | from 1 to 100
            cpu-percent with a sign      | resources: { cpu: 1 }\\nautoscaling: { max-replicas: 4, cpu-percent: 70%% } | autoscaling.cpu-percent | whole number
            autoscaling without cpu      | autoscaling: { max-replicas: 4 }                   | autoscaling                         | set resources.cpu
            autoscaling with memory only | resources: { memory: 1Gi }\\nautoscaling: { max-replicas: 4 } | autoscaling              | set resources.cpu
            cpu not a quantity           | resources: { cpu: lots }                           | resources.cpu                       | Kubernetes quantity
            cpu negative                 | resources: { cpu: -1 }                             | resources.cpu                       | Kubernetes quantity
            cpu above limit              | resources: { cpu: "3" }                            | resources.cpu                       | limits.cpu
            memory above limit           | resources: { memory: 5Gi }                         | resources.memory                    | limits.memory
            memory in millibytes         | resources: { memory: 512m }                        | resources.memory                    | use Mi or Gi
            memory bad suffix            | resources: { memory: 512MB }                       | resources.memory                    | Kubernetes quantity
            limit memory bad             | limits: { memory: lots }                           | limits.memory                       | Kubernetes quantity
            limit replicas zero          | limits: { replicas: 0 }                            | limits.replicas                     | from 1 to 1000
            env bad name                 | env: { 1ST: x }                                    | env.1ST                             | environment variable names
            env name with dash           | env: { LOG-LEVEL: x }                              | env.LOG-LEVEL                       | environment variable names
            env value a map              | env: { A: { b: c } }                               | env.A                               | single value
            env value too long           | env: { A: %s }                                     | env.A                               | at most 4096 bytes
            env a list                   | env: [A]                                           | env                                 | mapping
            secret-refs upper case       | secret-refs: [Hello-DB]                            | secret-refs[0]                      | DNS-1123
            secret-refs underscore       | secret-refs: [a, hello_db]                         | secret-refs[1]                      | DNS-1123
            secret-refs twice            | secret-refs: [a, a]                                | secret-refs[1]                      | listed once
            secret-refs not a list       | secret-refs: hello-db                              | secret-refs                         | list
            previews not boolean         | previews: "yes"                                    | previews                            | true or false
            no environments              | environments: {}                                   | environments                        | at least one
            environment name upper case  | environments: { Prod: {} }                         | environments.Prod                   | DNS-1123
            environment name dotted      | environments: { prod.eu: {} }                      | environments                        | DNS-1123
            environment named like a PR  | environments: { pr-12: {} }                        | environments.pr-12                  | pr-<number>
            app-env too long             | app: %s\\nenvironments: { production: {} }        | environments.production             | at most 63
            deploy-on unknown            | environments: { s: { deploy-on: tag } }            | environments.s.deploy-on            | push
            promotion unknown            | environments: { s: { promotion: later } }          | environments.s.promotion            | auto, manual
            permission read              | environments: { s: { required-permission: read } } | environments.s.required-permission  | write, maintain, admin
            permission unknown           | environments: { s: { required-permission: god } }  | environments.s.required-permission  | write, maintain, admin
            host upper case              | environments: { s: { host: Hello.example.com } }   | environments.s.host                 | DNS-1123
            host trailing dot            | environments: { s: { host: hello.example.com. } }  | environments.s.host                 | DNS-1123
            host too long                | environments: { s: { host: %s } }                  | environments.s.host                 | at most 253
            host shared                  | environments: { a: { host: x.io }, b: { host: x.io } } | environments.b.host             | its own host
            after missing environment    | environments: { s: { after: qa } }                 | environments.s.after                | another environment of this file
            after itself                 | environments: { s: { after: s } }                  | environments.s.after                | another environment
            after not a name             | environments: { s: { after: Q A } }                | environments.s.after                | another environment
            after cycle                  | environments: { a: { after: b }, b: { after: a } } | environments.a.after                | without a cycle
            requires unknown             | environments: { s: { requires: [reviewed] } }      | environments.s.requires[0]          | approved, checks-passed
            requires not a list          | environments: { s: { requires: approved } }        | environments.s.requires             | list
            environment a list           | environments: { s: [push] }                        | environments.s                      | mapping
            production not a boolean     | environments: { s: { production: yes please } }   | environments.s.production           | true or false
            timeout without manual       | environments: { s: { promotion-timeout: 2h } }     | environments.s.promotion-timeout    | promotion: manual
            timeout without unit         | environments: { s: { promotion: manual, promotion-timeout: "90" } } | environments.s.promotion-timeout | such as 90m or 2h
            timeout in seconds           | environments: { s: { promotion: manual, promotion-timeout: 90s } } | environments.s.promotion-timeout | such as 90m or 2h
            timeout too long             | environments: { s: { promotion: manual, promotion-timeout: 8d } } | environments.s.promotion-timeout | from 1m to 7d
            timeout zero                 | environments: { s: { promotion: manual, promotion-timeout: 0m } } | environments.s.promotion-timeout | from 1m to 7d
            """)
    void refusesBrokenRule(String name, String yaml, String path, String ruleFragment) {
        String text = yaml.replace("\\n", "\n").replace("\\t", "\t").formatted(longText(name));

        List<ConfigProblem> problems = problems(read(text + "\n"));

        assertThat(problems).as("problems of %s", name).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(path);
            assertThat(problem.rule()).contains(ruleFragment);
        });
    }

    private static String longText(String name) {
        return switch (name) {
            case "health-path too long" -> "a".repeat(256);
            case "env value too long" -> "x".repeat(4097);
            case "app-env too long" -> "a".repeat(53);
            case "host too long" -> ("a".repeat(60) + ".").repeat(4) + "example.com";
            default -> "";
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a token in an env value      | env: { TOKEN: [ghp_abcdefghijklmnopqrstuvwxyz0123] }
            a token in the app name      | app: ghp_abcdefghijklmnopqrstuvwxyz0123
            a token as a key             | ghp_abcdefghijklmnopqrstuvwxyz0123: x
            a token as a host            | environments: { s: { host: "ghp_abcdefghijklmnopqrstuvwxyz0123" } }
            a token in broken YAML       | app: "ghp_abcdefghijklmnopqrstuvwxyz0123
            """)
    void neverQuotesValuesInProblems(String name, String yaml) {
        List<ConfigProblem> problems = problems(read(yaml + "\n"));

        assertThat(problems)
                .allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("ghp_", "abcdefgh"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            deployed file not YAML       | app: [x         | .github/pitapat.yml
            deployed file unknown key    | colour: blue    | colour
            deployed port out of range   | port: 70000     | port
            """)
    void refusesABrokenFileAtTheDeployedCommit(String name, String yaml, String path) {
        var result = RepoConfigs.resolve("acme", "hello", Optional.of("app: hello\n"), Optional.of(yaml + "\n"));

        assertThat(problems(result)).extracting(ConfigProblem::path).containsExactly(path);
    }
}
