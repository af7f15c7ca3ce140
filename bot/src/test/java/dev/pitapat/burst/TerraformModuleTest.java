package dev.pitapat.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code terraform/}, the GCP side of cloud bursting (DESIGN.md section 6), offline: what a wrong edit would
 * turn into a security hole or a bot that cannot act. pitapat's service account holds a custom role with exactly the
 * permissions of its four Compute calls and no broad role is granted anywhere; the VPN's peer, ASN and shared secret
 * are never defaulted and the secret is sensitive; the start-up script reads the join token and CA hash from Secret
 * Manager at boot and holds neither; the managed instance group starts empty and leaves its size to pitapat; the
 * outputs pitapat's settings need exist. And, where a {@code terraform} binary is installed, that the files are in
 * {@code terraform fmt} style.
 *
 * <p>hcl4j parses HCL into nested maps but is not Terraform: references such as {@code var.x} come back as objects
 * whose text is {@code var.x}, interpolations such as {@code "${var.p}-bot"} as the flattened text {@code
 * var.p-bot}, function calls it does not know as {@code null}, and conditionals and {@code count} half-evaluated.
 * The assertions look at what it does give: literal values, reference texts and block structure. The provider's
 * schema ({@code terraform validate}) and a real plan need the network and a project; terraform/README.md says
 * which checks those are.
 */
class TerraformModuleTest {

    private static final Path MODULE = Path.of("../terraform");

    /** What each {@code .tf} file parses to, by file name. */
    private static final Map<String, Map<String, Object>> FILES = new LinkedHashMap<>();

    /** Every {@code templatefile(...)} call met while parsing: the parser has no such function, the test stands in. */
    private static final List<List<Object>> TEMPLATEFILE_CALLS = new ArrayList<>();

    private static final List<String> BOT_PERMISSIONS = List.of(
            "compute.instanceGroupManagers.get", "compute.instanceGroupManagers.update", "compute.zoneOperations.get");

    private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("\\b[a-z0-9]{6}\\.[a-z0-9]{16}\\b");
    private static final Pattern CA_CERT_HASH = Pattern.compile("sha256:[a-fA-F0-9]{64}");

    @BeforeAll
    static void parseEveryTfFile() throws IOException {
        // hcl4j reports its partial evaluation of for-expressions on System.out and as ERROR log lines that say
        // nothing about the module; both are silenced while it parses (surefire runs the test classes one by one)
        quietHcl4jLogger();
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try (Stream<Path> paths = Files.list(MODULE)) {
            for (Path file :
                    paths.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
                HCLParser parser = new HCLParser();
                parser.registerFunction("templatefile", args -> {
                    TEMPLATEFILE_CALLS.add(args);
                    return Map.of("templatefile", args);
                });
                try {
                    FILES.put(file.getFileName().toString(), parser.parse(file.toFile()));
                } catch (Exception e) {
                    FILES.put(file.getFileName().toString(), Map.of("unparsable", String.valueOf(e)));
                }
            }
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void everyTfFileParses() {
        assertThat(FILES.keySet())
                .as("the module's files")
                .contains("versions.tf", "variables.tf", "network.tf", "vpn.tf", "nodes.tf", "bot.tf", "outputs.tf");
        FILES.forEach((file, content) -> assertThat(content)
                .as("%s parses to HCL blocks", file)
                .doesNotContainKey("unparsable")
                .isNotEmpty());
        Map<String, Object> terraform = map(FILES.get("versions.tf").get("terraform"));
        assertThat(terraform.get("required_version"))
                .as("versions.tf: required_version")
                .isNotNull();
        assertThat(map(map(terraform.get("required_providers")).get("google")).get("source"))
                .as("versions.tf: the google provider")
                .isEqualTo("hashicorp/google");
    }

    @Test
    void botRoleHoldsExactlyTheGroupPermissions() {
        Map<String, Map<String, Object>> roles = resources("google_project_iam_custom_role");
        assertThat(roles).as("custom roles in the module").containsOnlyKeys("burst");
        List<String> permissions = strings(roles.get("burst").get("permissions"));

        assertThat(permissions)
                .as("the bot's custom role: resize, listManagedInstances, deleteInstances and zoneOperations.get,"
                        + " nothing more")
                .containsExactlyInAnyOrderElementsOf(BOT_PERMISSIONS);
        assertThat(permissions).as("permissions with a wildcard").noneMatch(p -> p.contains("*"));
    }

    @Test
    void botRoleIsBoundToTheBotAccountAndConditionedOnTheGroup() {
        Map<String, Object> binding = projectGrants().values().stream()
                .filter(grant -> text(grant.get("role")).startsWith("google_project_iam_custom_role.burst."))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no google_project_iam_member grants the custom role"));

        assertThat(text(binding.get("member")))
                .as("who holds the custom role")
                .isEqualTo("serviceAccount:google_service_account.bot.email");
        String expression = text(map(binding.get("condition")).get("expression"));
        assertThat(expression)
                .as("the IAM Condition narrowing the grant to the group")
                .contains("resource.type != \"compute.googleapis.com/InstanceGroupManager\"")
                .contains("resource.name.endsWith(\"/zones/var.zone/instanceGroupManagers/"
                        + "google_compute_instance_group_manager.burst.name\")");
        long botGrants = projectGrants().values().stream()
                .filter(grant -> text(grant.get("member")).contains("google_service_account.bot."))
                .count();
        assertThat(botGrants).as("project grants to the bot's account").isEqualTo(1);
    }

    @Test
    void noBroadRoleAndEveryGrantIsAnExpectedOne() {
        List<String> everyValue = new ArrayList<>();
        FILES.values().forEach(content -> collectTexts(content, everyValue));
        assertThat(everyValue.stream()
                        .filter(value -> value.contains("roles/compute.admin")
                                || value.contains("roles/owner")
                                || value.contains("roles/editor")
                                || value.contains("roles/iam.serviceAccountUser")
                                || value.contains("roles/iam.serviceAccountTokenCreator")))
                .as("values anywhere in the module that name a broad role")
                .isEmpty();

        for (String authoritative : List.of(
                "google_project_iam_binding",
                "google_project_iam_policy",
                "google_secret_manager_secret_iam_binding",
                "google_secret_manager_secret_iam_policy",
                "google_service_account_key")) {
            assertThat(resources(authoritative))
                    .as("%s resources", authoritative)
                    .isEmpty();
        }
        assertThat(projectGrants().values())
                .as("project-level grants: the nodes write logs, the bot holds its custom role")
                .extracting(grant -> text(grant.get("role")))
                .containsExactlyInAnyOrder("roles/logging.logWriter", "google_project_iam_custom_role.burst.id");

        Map<String, Map<String, Object>> secretGrants = resources("google_secret_manager_secret_iam_member");
        assertThat(secretGrants.values()).as("secret-level grants").hasSize(2).allSatisfy(grant -> {
            assertThat(grant.get("role")).isEqualTo("roles/secretmanager.secretAccessor");
            assertThat(text(grant.get("member"))).isEqualTo("serviceAccount:google_service_account.node.email");
        });
        assertThat(secretGrants.values())
                .extracting(grant -> text(grant.get("secret_id")))
                .as("the secrets the nodes may read")
                .containsExactlyInAnyOrder(
                        "google_secret_manager_secret.join_token.id", "google_secret_manager_secret.ca_cert_hash.id");
    }

    @Test
    void groupIsZonalStartsEmptyUsesTheTemplateAndLeavesItsSizeToTheBot() {
        assertThat(resources("google_compute_region_instance_group_manager"))
                .as("regional groups (pitapat drives a zonal one)")
                .isEmpty();
        Map<String, Map<String, Object>> groups = resources("google_compute_instance_group_manager");
        assertThat(groups).as("managed instance groups").containsOnlyKeys("burst");
        Map<String, Object> group = groups.get("burst");

        assertThat(group.get("zone")).as("the group's zone").isNotNull();
        assertThat(group.get("target_size")).as("target_size").isInstanceOf(Number.class);
        assertThat(((Number) group.get("target_size")).doubleValue())
                .as("target_size")
                .isEqualTo(0.0);
        assertThat(text(map(group.get("version")).get("instance_template")))
                .as("the group's instance template")
                .startsWith("google_compute_instance_template.node.");
        assertThat(resources("google_compute_instance_template"))
                .as("instance templates")
                .containsKey("node");
        assertThat(strings(map(group.get("lifecycle")).get("ignore_changes")))
                .as("lifecycle.ignore_changes: pitapat resizes the group, an apply must not undo it")
                .contains("target_size");
    }

    @Test
    void haVpnHasExactlyTwoTunnelsEachWithItsBgpSession() {
        assertThat(resources("google_compute_ha_vpn_gateway"))
                .as("HA VPN gateways")
                .hasSize(1);
        assertThat(resources("google_compute_external_vpn_gateway"))
                .as("external VPN gateways")
                .hasSize(1);
        assertThat(resources("google_compute_vpn_gateway"))
                .as("classic VPN gateways")
                .isEmpty();

        Map<String, Map<String, Object>> tunnels = resources("google_compute_vpn_tunnel");
        assertThat(tunnels).as("VPN tunnels").hasSize(2);
        assertThat(tunnels.values()).as("tunnels").allSatisfy(tunnel -> {
            assertThat(tunnel).doesNotContainKeys("count", "for_each");
            assertThat(text(tunnel.get("shared_secret"))).isEqualTo("var.vpn_shared_secret");
            assertThat(text(tunnel.get("vpn_gateway"))).startsWith("google_compute_ha_vpn_gateway.");
            assertThat(text(tunnel.get("peer_external_gateway"))).startsWith("google_compute_external_vpn_gateway.");
            assertThat(text(tunnel.get("router"))).startsWith("google_compute_router.");
        });
        assertThat(tunnels.values())
                .extracting(tunnel -> ((Number) tunnel.get("vpn_gateway_interface")).intValue())
                .as("the HA gateway interfaces the tunnels use")
                .containsExactlyInAnyOrder(0, 1);

        Map<String, Map<String, Object>> routers = resources("google_compute_router");
        assertThat(routers.values())
                .as("a Cloud Router speaking BGP")
                .anySatisfy(router -> assertThat(router).containsKey("bgp"));
        for (String tunnel : tunnels.keySet()) {
            assertThat(resources("google_compute_router_interface").values())
                    .as("a router interface on tunnel %s", tunnel)
                    .anySatisfy(each -> assertThat(text(each.get("vpn_tunnel")))
                            .isEqualTo("google_compute_vpn_tunnel." + tunnel + ".name"));
        }
        assertThat(resources("google_compute_router_peer").values())
                .as("BGP peers")
                .hasSize(2)
                .allSatisfy(peer -> assertThat(text(peer.get("peer_asn"))).isEqualTo("var.onprem_asn"));
    }

    @Test
    void vpnPeerAsnAndSharedSecretHaveNoDefaultAndTheSecretIsSensitive() {
        Map<String, Map<String, Object>> variables = variables();

        for (String required : List.of("onprem_peer_ips", "onprem_asn", "vpn_shared_secret")) {
            assertThat(variables).as("variables").containsKey(required);
            assertThat(variables.get(required)).as("variable %s", required).doesNotContainKey("default");
        }
        assertThat(variables.get("vpn_shared_secret").get("sensitive"))
                .as("vpn_shared_secret is sensitive")
                .isEqualTo(true);
        assertThat(resources("google_compute_external_vpn_gateway").values())
                .as("the on-premises gateway, its addresses from onprem_peer_ips")
                .singleElement()
                .satisfies(gateway -> assertThat(text(gateway)).contains("var.onprem_peer_ips"));
    }

    @Test
    void noSecretOrTokenVariableHasADefault() {
        // *_id variables are the names of Secret Manager secrets, not values: their defaults must not look like one
        variables().forEach((name, variable) -> {
            boolean holdsAValue =
                    name.matches(".*(secret|token|password|private_key|credentials).*") && !name.endsWith("_id");
            if (holdsAValue) {
                assertThat(variable).as("secret variable %s: no default", name).doesNotContainKey("default");
                assertThat(variable.get("sensitive"))
                        .as("secret variable %s: sensitive", name)
                        .isEqualTo(true);
            } else {
                String value = String.valueOf(variable.get("default"));
                assertThat(value)
                        .as("default of %s", name)
                        .doesNotContainPattern(BOOTSTRAP_TOKEN)
                        .doesNotContainPattern(CA_CERT_HASH);
            }
        });
    }

    @Test
    void firewallAdmitsNothingFromTheInternetAndSshOnlyFromIap() {
        Map<String, Map<String, Object>> rules = resources("google_compute_firewall");
        assertThat(rules).as("firewall rules").isNotEmpty();
        rules.forEach((name, rule) -> {
            if (!"EGRESS".equals(rule.get("direction"))) {
                List<String> sources = strings(rule.get("source_ranges"));
                assertThat(sources)
                        .as("ingress rule %s: sources", name)
                        .doesNotContain("0.0.0.0/0", "::/0")
                        .allMatch(source -> source.equals("var.onprem_cidrs") || source.equals("35.235.240.0/20"));
                if (sources.isEmpty()) {
                    assertThat(rule)
                            .as("ingress rule %s: other burst nodes only", name)
                            .containsKey("source_tags");
                }
                if (allowedPorts(rule).contains("22")) {
                    assertThat(sources)
                            .as("ingress rule %s: SSH only through IAP", name)
                            .containsExactly("35.235.240.0/20");
                }
            }
        });
        assertThat(rules.values()).as("an egress rule to the API server's port").anySatisfy(rule -> {
            assertThat(rule.get("direction")).isEqualTo("EGRESS");
            assertThat(text(rule.get("destination_ranges"))).isEqualTo("var.onprem_cidrs");
            assertThat(text(map(rule.get("allow")).get("ports"))).contains("local.api_server_port");
        });
        assertThat(rules.values()).as("ingress to the kubelet from on-premises").anySatisfy(rule -> {
            assertThat(text(rule.get("source_ranges"))).isEqualTo("var.onprem_cidrs");
            assertThat(strings(map(rule.get("allow")).get("ports"))).contains("10250");
        });
    }

    @Test
    void startupScriptReadsTheJoinSecretsFromSecretManagerAndHoldsNone() throws IOException {
        String script = Files.readString(MODULE.resolve("startup.sh.tftpl"));

        assertThat(script)
                .as("startup.sh.tftpl: an access token from the metadata server, secrets from Secret Manager")
                .contains("instance/service-accounts/default/token")
                .contains(
                        "https://secretmanager.googleapis.com/v1/projects/$PROJECT/secrets/$name/versions/latest:access")
                .containsPattern("JOIN_TOKEN=\\$\\(read_secret \"\\$JOIN_TOKEN_SECRET\"\\)")
                .containsPattern("CA_CERT_HASH=\\$\\(read_secret \"\\$CA_CERT_HASH_SECRET\"\\)")
                .contains("token: \"$JOIN_TOKEN\"")
                .contains("- \"$CA_CERT_HASH\"")
                .contains("kubeadm join --config");
        assertThat(script)
                .as("startup.sh.tftpl: no literal token or hash, nothing that would echo them")
                .doesNotContainPattern(BOOTSTRAP_TOKEN)
                .doesNotContainPattern(CA_CERT_HASH)
                .doesNotContainPattern("set -[a-z]*x")
                .doesNotContain("--token ")
                .doesNotContain("--discovery-token-ca-cert-hash");

        for (var entry : FILES.entrySet()) {
            List<String> values = new ArrayList<>();
            collectTexts(entry.getValue(), values);
            assertThat(values.stream()
                            .filter(value -> BOOTSTRAP_TOKEN.matcher(value).find()
                                    || CA_CERT_HASH.matcher(value).find()))
                    .as("%s: values that hold a literal token or CA hash", entry.getKey())
                    .isEmpty();
        }
        assertThat(resources("google_secret_manager_secret_version"))
                .as("secret versions (they would put the token into the state)")
                .isEmpty();
    }

    @Test
    void startupScriptIsFilledWithExactlyWhatTheTemplatePasses() throws IOException {
        Map<String, Object> template =
                resources("google_compute_instance_template").get("node");
        Object startup = map(template.get("metadata")).get("startup-script");
        assertThat(TEMPLATEFILE_CALLS).as("templatefile calls in the module").hasSize(1);
        assertThat(startup)
                .as("the template's startup-script")
                .isEqualTo(Map.of("templatefile", TEMPLATEFILE_CALLS.getFirst()));
        List<Object> call = TEMPLATEFILE_CALLS.getFirst();
        assertThat(String.valueOf(call.get(0))).as("the start-up script's file").endsWith("/startup.sh.tftpl");
        Map<String, Object> values = map(call.get(1));

        assertThat(text(values.get("join_token_secret")))
                .as("what the script gets for the join token: the secret's name")
                .isEqualTo("google_secret_manager_secret.join_token.secret_id");
        assertThat(text(values.get("ca_cert_hash_secret")))
                .as("what the script gets for the CA hash: the secret's name")
                .isEqualTo("google_secret_manager_secret.ca_cert_hash.secret_id");
        assertThat(text(values.get("node_label")))
                .as("the node label passed in")
                .isEqualTo("var.node_label");

        String script = Files.readString(MODULE.resolve("startup.sh.tftpl"));
        Set<String> placeholders = new LinkedHashSet<>();
        Matcher placeholder =
                Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(script);
        while (placeholder.find()) {
            placeholders.add(placeholder.group(1));
        }
        assertThat(placeholders)
                .as("the template's ${...} placeholders against the values nodes.tf passes")
                .containsExactlyInAnyOrderElementsOf(values.keySet());
        assertThat(script)
                .as("template directives (%%{...}) the offline check does not follow")
                .doesNotContainPattern("(?<!%)%\\{");
    }

    @Test
    void nodesAreLabelledWithTheBurstLabel() throws IOException {
        Map<String, Object> label = variables().get("node_label");
        assertThat(label).as("variable node_label").isNotNull();
        assertThat(label.get("default")).as("node_label's default").isEqualTo("pitapat.dev/burst=true");

        String script = Files.readString(MODULE.resolve("startup.sh.tftpl"));
        assertThat(script)
                .as("startup.sh.tftpl: the label goes to the kubelet as --node-labels")
                .contains("NODE_LABEL='${node_label}'")
                .containsPattern("kubeletExtraArgs:\\s+- name: node-labels\\s+value: \"\\$NODE_LABEL\"");
    }

    @Test
    void outputsGiveWhatTheBotsSettingsNeed() throws IOException {
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        map(FILES.get("outputs.tf").get("output")).forEach((name, output) -> outputs.put(name, map(output)));
        Map<String, String> expected = Map.of(
                "burst_project", "var.project",
                "burst_zone", "google_compute_instance_group_manager.burst.zone",
                "burst_instance_group", "google_compute_instance_group_manager.burst.name",
                "burst_node_label", "var.node_label",
                "bot_service_account", "google_service_account.bot.email");

        expected.forEach((name, value) -> {
            assertThat(outputs).as("outputs").containsKey(name);
            assertThat(text(outputs.get(name).get("value")))
                    .as("output %s", name)
                    .isEqualTo(value);
        });
        String readme = Files.readString(MODULE.resolve("README.md"));
        Map<String, String> settings = Map.of(
                "burst_project", "pitapat.burst.project",
                "burst_zone", "pitapat.burst.zone",
                "burst_instance_group", "pitapat.burst.instance-group",
                "burst_node_label", "pitapat.burst.node-label");
        settings.forEach((output, setting) -> assertThat(readme)
                .as("README.md maps output %s to %s", output, setting)
                .containsPattern("\\| `" + output + "` \\| `" + Pattern.quote(setting) + "`"));
    }

    @Test
    void workedExampleSetsEveryRequiredVariableButTheSecret() throws Exception {
        Path example = MODULE.resolve("terraform.tfvars.example");
        Map<String, Object> values = new HCLParser().parse(example.toFile());
        Set<String> required = new LinkedHashSet<>();
        variables().forEach((name, variable) -> {
            if (!variable.containsKey("default")) {
                required.add(name);
            }
        });

        assertThat(values.keySet())
                .as("terraform.tfvars.example sets every variable without a default, the VPN secret excepted")
                .containsAll(required.stream()
                        .filter(v -> !v.equals("vpn_shared_secret"))
                        .toList())
                .doesNotContain("vpn_shared_secret")
                .allMatch(variables()::containsKey, "names a variable of the module");
        assertThat(Files.readString(MODULE.resolve("README.md")))
                .as("README.md shows terraform.tfvars.example as it is")
                .contains(Files.readString(example));
    }

    @Test
    void filesAreInTerraformFmtStyle() throws Exception {
        Optional<Path> terraform = terraformBinary();
        assumeTrue(
                terraform.isPresent(),
                "no terraform executable on the PATH nor at /usr/local/bin/terraform:"
                        + " terraform fmt -check not run");

        ProcessBuilder fmt = new ProcessBuilder(
                        terraform.get().toString(), "fmt", "-check", "-recursive", "-diff", "-no-color")
                .directory(MODULE.toFile())
                .redirectErrorStream(true);
        // no update check, no CLI configuration: fmt stays offline
        fmt.environment().put("CHECKPOINT_DISABLE", "1");
        fmt.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
        Process process = fmt.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("terraform fmt -check did not finish within 30 s");
        }
        assertThat(process.exitValue())
                .as(
                        "terraform fmt -check -recursive in terraform/ (run terraform fmt -recursive terraform/):%n%s",
                        output)
                .isZero();
    }

    private static Optional<Path> terraformBinary() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "terraform"));
            }
        }
        candidates.add(Path.of("/usr/local/bin/terraform"));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The ports of a firewall rule's allow blocks; a dynamic block's as the text of its reference. */
    private static List<String> allowedPorts(Map<String, Object> rule) {
        List<String> ports = new ArrayList<>();
        Object allow = rule.get("allow");
        for (Object block : allow instanceof List<?> blocks ? blocks : List.of(map(allow))) {
            ports.addAll(strings(map(block).get("ports")));
        }
        ports.addAll(strings(
                map(map(map(rule.get("dynamic")).get("allow")).get("content")).get("ports")));
        return ports;
    }

    /** Every resource of one type, by name, across the module's files. */
    private static Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        FILES.values().forEach(content -> {
            Object resources = content.get("resource");
            if (resources instanceof Map<?, ?> byType && byType.get(type) instanceof Map<?, ?> byName) {
                byName.forEach((name, body) -> found.put(String.valueOf(name), map(body)));
            }
        });
        return found;
    }

    private static Map<String, Map<String, Object>> projectGrants() {
        return resources("google_project_iam_member");
    }

    private static Map<String, Map<String, Object>> variables() {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        FILES.values().forEach(content -> {
            if (content.get("variable") instanceof Map<?, ?> byName) {
                byName.forEach((name, body) -> found.put(String.valueOf(name), map(body)));
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return Map.of();
    }

    /** A literal's or a reference's text ({@code var.x}), a list's elements' texts; empty for none. */
    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(TerraformModuleTest::text).toList();
        }
        return value == null ? List.of() : List.of(text(value));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** Every scalar value in a parsed file, as text (references as {@code var.x}); comments are not values. */
    private static void collectTexts(Object value, List<String> into) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(each -> collectTexts(each, into));
        } else if (value instanceof List<?> list) {
            list.forEach(each -> collectTexts(each, into));
        } else if (value != null) {
            into.add(String.valueOf(value));
        }
    }

    private static void quietHcl4jLogger() {
        if (LoggerFactory.getLogger("com.bertramlabs.plugins.hcl4j") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}
