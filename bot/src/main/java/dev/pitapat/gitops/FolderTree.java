package dev.pitapat.gitops;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Builds repository trees without a working tree: the parent's tree with one folder replaced, written
 * straight into the object database through an in-memory index.
 */
final class FolderTree {

    private FolderTree() {}

    /**
     * The tree of {@code parentTree} (none for the first commit) with {@code folder} holding exactly
     * {@code files}; an empty map removes the folder.
     */
    static ObjectId replaceFolder(
            ObjectReader reader,
            ObjectInserter inserter,
            Optional<ObjectId> parentTree,
            String folder,
            Map<String, byte[]> files)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        String prefix = folder + "/";
        if (parentTree.isPresent()) {
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(parentTree.get());
                walk.setRecursive(true);
                while (walk.next()) {
                    String path = walk.getPathString();
                    if (path.startsWith(prefix)) {
                        continue;
                    }
                    DirCacheEntry entry = new DirCacheEntry(path);
                    entry.setFileMode(walk.getFileMode(0));
                    entry.setObjectId(walk.getObjectId(0));
                    builder.add(entry);
                }
            }
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(prefix + file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
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
