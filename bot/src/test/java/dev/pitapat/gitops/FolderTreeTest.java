package dev.pitapat.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder is replaced by rewriting only the trees above it; everything else stays byte for byte. */
class FolderTreeTest {

    @TempDir
    Path tmp;

    private Repository repo;
    private ObjectInserter inserter;
    private ObjectReader reader;

    @BeforeEach
    void setUp() throws Exception {
        repo = Git.init().setBare(true).setDirectory(tmp.toFile()).call().getRepository();
        inserter = repo.newObjectInserter();
        reader = inserter.newReader();
    }

    @Test
    void keepsEveryOtherEntryAsItIsEvenOnesAnIndexCannotHold() throws Exception {
        ObjectId emptyFolder = inserter.insert(new TreeFormatter());
        TreeFormatter other = new TreeFormatter();
        other.append("empty", FileMode.TREE, emptyFolder);
        other.append("run.sh", FileMode.EXECUTABLE_FILE, blob("#!/bin/sh"));
        ObjectId otherTree = inserter.insert(other);
        ObjectId parent = tree(Map.of(
                "apps",
                tree(Map.of("hello", tree(Map.of("staging", tree(Map.of("a.yaml", blob("1"))))))),
                "other",
                otherTree));

        ObjectId replaced = FolderTree.replaceFolder(
                reader, inserter, Optional.of(parent), "apps/hello/staging", Map.of("b.yaml", bytes("2")));

        assertThat(idAt(replaced, "other")).contains(otherTree);
        assertThat(files(replaced)).containsOnlyKeys("apps/hello/staging/b.yaml", "other/run.sh");
    }

    @Test
    void removingTheLastFolderOfAnAppRemovesTheAppsFolderAndNothingElse() throws Exception {
        ObjectId otherApp = tree(Map.of("staging", tree(Map.of("a.yaml", blob("o")))));
        ObjectId parent = tree(Map.of(
                "apps",
                tree(Map.of("hello", tree(Map.of("staging", tree(Map.of("a.yaml", blob("1"))))), "other", otherApp))));

        ObjectId removed =
                FolderTree.replaceFolder(reader, inserter, Optional.of(parent), "apps/hello/staging", Map.of());
        ObjectId nothingLeft =
                FolderTree.replaceFolder(reader, inserter, Optional.of(removed), "apps/other/staging", Map.of());

        assertThat(idAt(removed, "apps/hello")).isEmpty();
        assertThat(idAt(removed, "apps/other")).contains(otherApp);
        assertThat(files(nothingLeft)).isEmpty();
        assertThat(nothingLeft).isEqualTo(inserter.insert(new TreeFormatter()));
    }

    @Test
    void placesTheFolderInGitsOrderBesideNamesThatSortAroundIt() throws Exception {
        ObjectId parent = tree(Map.of(
                "apps",
                tree(Map.of("hello-a", tree(Map.of("x.yaml", blob("a"))), "hello.b", blob("b"), "hello0", blob("c")))));

        ObjectId replaced = FolderTree.replaceFolder(
                reader, inserter, Optional.of(parent), "apps/hello/staging", Map.of("a.yaml", bytes("1")));

        // the very tree Git's index builds: a folder sorts as if its name ended in '/'
        Map<String, String> expected = new TreeMap<>(files(parent));
        expected.put("apps/hello/staging/a.yaml", "1");
        assertThat(files(replaced)).isEqualTo(expected);
        assertThat(replaced).isEqualTo(indexBuilt(expected));
    }

    private ObjectId indexBuilt(Map<String, String> files) throws Exception {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, String> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(blob(file.getValue()));
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    private ObjectId blob(String content) throws Exception {
        return inserter.insert(Constants.OBJ_BLOB, bytes(content));
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** A tree of named entries: values that are trees become folders, the rest files. */
    private ObjectId tree(Map<String, ObjectId> entries) throws Exception {
        Map<String, ObjectId> byGitOrder = new TreeMap<>(); // a folder sorts as if its name ended in '/'
        Map<String, FileMode> modes = new TreeMap<>();
        for (Map.Entry<String, ObjectId> e : entries.entrySet()) {
            boolean folder = isTree(e.getValue());
            byGitOrder.put(e.getKey() + (folder ? "/" : ""), e.getValue());
            modes.put(e.getKey() + (folder ? "/" : ""), folder ? FileMode.TREE : FileMode.REGULAR_FILE);
        }
        TreeFormatter tree = new TreeFormatter();
        for (Map.Entry<String, ObjectId> e : byGitOrder.entrySet()) {
            tree.append(e.getKey().replace("/", ""), modes.get(e.getKey()), e.getValue());
        }
        return inserter.insert(tree);
    }

    private boolean isTree(ObjectId id) throws Exception {
        return reader.open(id).getType() == Constants.OBJ_TREE;
    }

    private Optional<ObjectId> idAt(ObjectId tree, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            return walk == null ? Optional.empty() : Optional.of(walk.getObjectId(0));
        }
    }

    private Map<String, String> files(ObjectId tree) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(
                        walk.getPathString(),
                        new String(reader.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
