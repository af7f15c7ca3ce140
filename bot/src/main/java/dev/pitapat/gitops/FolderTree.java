package dev.pitapat.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.Paths;

/**
 * Builds repository trees without a working tree: the parent's tree with one folder replaced. Only the trees
 * on the folder's path are read and written again (for {@code apps/<app>/<env>}: the root, {@code apps},
 * {@code apps/<app>} and the folder itself); every other entry is kept as it is, so the cost does not grow
 * with the number of apps beyond reading the {@code apps} tree.
 */
final class FolderTree {

    /** One entry of a tree, its name as raw bytes. */
    private record Entry(byte[] name, FileMode mode, ObjectId id) {}

    private static final Comparator<Entry> GIT_ORDER = (a, b) -> Paths.compare(
            a.name(),
            0,
            a.name().length,
            a.mode().getBits(),
            b.name(),
            0,
            b.name().length,
            b.mode().getBits());

    private FolderTree() {}

    /**
     * The tree of {@code parentTree} (none for the first commit) with {@code folder} holding exactly
     * {@code files}; an empty map removes the folder, and the folders above it that it leaves empty.
     */
    static ObjectId replaceFolder(
            ObjectReader reader,
            ObjectInserter inserter,
            Optional<ObjectId> parentTree,
            String folder,
            Map<String, byte[]> files)
            throws IOException {
        Optional<ObjectId> content = Optional.empty();
        if (!files.isEmpty()) {
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                entries.add(new Entry(
                        file.getKey().getBytes(StandardCharsets.UTF_8),
                        FileMode.REGULAR_FILE,
                        inserter.insert(Constants.OBJ_BLOB, file.getValue())));
            }
            content = Optional.of(insertTree(inserter, entries));
        }
        Optional<ObjectId> root = replaceAt(reader, inserter, parentTree, folder.split("/"), 0, content);
        return root.isPresent() ? root.get() : inserter.insert(new TreeFormatter());
    }

    /**
     * {@code tree} with the path {@code names[depth..]} holding {@code content} (or removed when it is empty);
     * empty when nothing is left in the tree. An entry on the path that is not a folder is replaced.
     */
    private static Optional<ObjectId> replaceAt(
            ObjectReader reader,
            ObjectInserter inserter,
            Optional<ObjectId> tree,
            String[] names,
            int depth,
            Optional<ObjectId> content)
            throws IOException {
        List<Entry> entries = tree.isPresent() ? entriesOf(reader, tree.get()) : new ArrayList<>();
        byte[] name = names[depth].getBytes(StandardCharsets.UTF_8);
        Optional<ObjectId> child = content;
        if (depth < names.length - 1) {
            Optional<ObjectId> subtree = entries.stream()
                    .filter(e -> Arrays.equals(e.name(), name) && e.mode() == FileMode.TREE)
                    .map(Entry::id)
                    .findFirst();
            child = replaceAt(reader, inserter, subtree, names, depth + 1, content);
        }
        entries.removeIf(e -> Arrays.equals(e.name(), name));
        child.ifPresent(id -> entries.add(new Entry(name, FileMode.TREE, id)));
        return entries.isEmpty() ? Optional.empty() : Optional.of(insertTree(inserter, entries));
    }

    private static List<Entry> entriesOf(ObjectReader reader, ObjectId tree) throws IOException {
        List<Entry> entries = new ArrayList<>();
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        for (; !parser.eof(); parser.next()) {
            byte[] name = new byte[parser.getNameLength()];
            parser.getName(name, 0);
            entries.add(new Entry(name, parser.getEntryFileMode(), parser.getEntryObjectId()));
        }
        return entries;
    }

    private static ObjectId insertTree(ObjectInserter inserter, List<Entry> entries) throws IOException {
        entries.sort(GIT_ORDER);
        TreeFormatter tree = new TreeFormatter();
        for (Entry e : entries) {
            tree.append(e.name(), e.mode(), e.id());
        }
        return inserter.insert(tree);
    }

    /** The files directly in {@code folder} of {@code tree}, by name; empty when there is no such folder. */
    static Map<String, byte[]> filesIn(ObjectReader reader, ObjectId tree, String folder) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (TreeWalk walk = TreeWalk.forPath(reader, folder, tree)) {
            if (walk == null || !walk.isSubtree()) {
                return files;
            }
            try (TreeWalk inside = new TreeWalk(reader)) {
                inside.addTree(walk.getObjectId(0));
                inside.setRecursive(false);
                while (inside.next()) {
                    if (!inside.isSubtree()) {
                        files.put(
                                inside.getNameString(),
                                reader.open(inside.getObjectId(0)).getBytes());
                    }
                }
            }
        }
        return files;
    }
}
