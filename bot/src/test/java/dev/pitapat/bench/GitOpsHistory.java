package dev.pitapat.bench;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.RenderSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * The benchmark's GitOps repository: a bare repository whose {@code main} holds {@code apps} app folders
 * {@code apps/app-NNNN/staging/} of manifests rendered by {@link ManifestRenderer}, written by
 * {@code deploysPerApp} rounds of one deploy commit per app with pitapat's trailers (a linear history, as
 * the bot writes it), then packed by a JGit {@code gc} like a hosted repository.
 */
final class GitOpsHistory {

    static final String OWNER = "acme";
    static final EnvName ENV = new EnvName("staging");
    private static final ManifestRenderer RENDERER = ManifestRenderer.fromClasspath();
    private static final PersonIdent BOT = new PersonIdent("pitapat", "pitapat@users.noreply.github.com");

    private GitOpsHistory() {}

    static Target target(int app) {
        return new Target(new AppName(appName(app)), ENV);
    }

    static String appName(int app) {
        return String.format("app-%04d", app);
    }

    /** The config an app repository without {@code .github/pitapat.yml} deploys with (the defaults). */
    static RepoConfig config(int app) {
        return ((ConfigResult.Valid) RepoConfigs.resolve(OWNER, appName(app), Optional.empty())).config();
    }

    /** The manifests of {@code app} at {@code sha}, as the deploy pipeline renders them. */
    static Map<String, byte[]> render(int app, Sha sha) {
        return RENDERER.render(config(app), target(app), sha, RenderSettings.DEFAULT)
                .files();
    }

    static Sha sha(RandomGenerator random) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return new Sha(HexFormat.of().formatHex(bytes));
    }

    static String deploymentId(RandomGenerator random) {
        return "d-" + HexFormat.of().formatHex(longBytes(random.nextLong())).substring(4);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return bytes;
    }

    /** The subject and trailers of DESIGN.md section 5, as the bot writes them. */
    static String message(Target target, String repository, Sha sha, String deployment, String login) {
        return "deploy " + target + ": " + repository + "@" + sha.value().substring(0, 7) + " by @" + login + "\n\n"
                + "Pitapat-Action: deploy\n"
                + "Pitapat-App: " + target.app() + "\n"
                + "Pitapat-Environment: " + target.env() + "\n"
                + "Pitapat-Source: " + repository + "@" + sha.value() + "\n"
                + "Pitapat-Deployment: " + deployment + "\n"
                + "Pitapat-Requested-By: " + login + "\n";
    }

    /** Creates the repository at {@code bare}; returns the number of commits on {@code main}. */
    static int generate(Path bare, int apps, int deploysPerApp, RandomGenerator random)
            throws IOException, GitAPIException {
        try (Git git = Git.init()
                        .setBare(true)
                        .setInitialBranch("main")
                        .setDirectory(bare.toFile())
                        .call();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            ObjectId[] appTrees = new ObjectId[apps];
            Optional<ObjectId> parent = Optional.empty();
            Instant time = Instant.parse("2026-01-05T09:00:00Z");
            int commits = 0;
            for (int round = 0; round < deploysPerApp; round++) {
                for (int app = 0; app < apps; app++) {
                    Sha sha = sha(random);
                    TreeFormatter env = new TreeFormatter();
                    for (Map.Entry<String, byte[]> file : new TreeMap<>(render(app, sha)).entrySet()) {
                        env.append(
                                file.getKey(),
                                FileMode.REGULAR_FILE,
                                inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                    }
                    TreeFormatter appTree = new TreeFormatter();
                    appTree.append(ENV.value(), FileMode.TREE, inserter.insert(env));
                    appTrees[app] = inserter.insert(appTree);
                    TreeFormatter appsTree = new TreeFormatter();
                    for (int a = 0; a < apps; a++) {
                        if (appTrees[a] != null) {
                            appsTree.append(appName(a), FileMode.TREE, appTrees[a]);
                        }
                    }
                    TreeFormatter root = new TreeFormatter();
                    root.append("apps", FileMode.TREE, inserter.insert(appsTree));
                    time = time.plusSeconds(97);
                    PersonIdent ident = new PersonIdent(BOT, time, ZoneOffset.UTC);
                    CommitBuilder commit = new CommitBuilder();
                    commit.setTreeId(inserter.insert(root));
                    parent.ifPresent(commit::setParentId);
                    commit.setAuthor(ident);
                    commit.setCommitter(ident);
                    commit.setMessage(
                            message(target(app), OWNER + "/" + appName(app), sha, deploymentId(random), "alice"));
                    parent = Optional.of(inserter.insert(commit));
                    commits++;
                }
            }
            inserter.flush();
            if (parent.isPresent()) {
                RefUpdate update = repo.updateRef(Constants.R_HEADS + "main");
                update.setNewObjectId(parent.get());
                update.setExpectedOldObjectId(ObjectId.zeroId());
                RefUpdate.Result result = update.update();
                if (result != RefUpdate.Result.NEW) {
                    throw new IOException("setting main of the benchmark repository: " + result);
                }
            }
            git.gc().call();
            return commits;
        }
    }
}
