package dev.pitapat.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.pitapat.model.Target;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A unified diff between what an environment's folder holds and what a deploy would write there. */
final class ManifestDiff {

    /** GitHub refuses comments over 65,536 characters; the diff keeps well under it. */
    static final int MAX_CHARS = 50_000;

    private ManifestDiff() {}

    static String between(Map<String, byte[]> now, Map<String, byte[]> next, Target target) {
        StringBuilder diff = new StringBuilder();
        String folder = "apps/" + target.app() + "/" + target.env() + "/";
        TreeSet<String> names = new TreeSet<>(now.keySet());
        names.addAll(next.keySet());
        for (String name : names) {
            List<String> before = lines(now.get(name));
            List<String> after = lines(next.get(name));
            var patch = DiffUtils.diff(before, after);
            if (patch.getDeltas().isEmpty()) {
                continue;
            }
            for (String line : UnifiedDiffUtils.generateUnifiedDiff(
                    now.containsKey(name) ? "a/" + folder + name : "/dev/null",
                    next.containsKey(name) ? "b/" + folder + name : "/dev/null",
                    before,
                    patch,
                    3)) {
                diff.append(line).append('\n');
            }
        }
        return diff.toString();
    }

    /** The diff in a collapsed block, fenced so that no content can close the fence, cut to fit a comment. */
    static String collapsed(String diff) {
        String shown = diff.length() <= MAX_CHARS
                ? diff
                : diff.substring(0, MAX_CHARS) + "\n… (cut: the whole diff is " + diff.length() + " characters)\n";
        int longest = 0;
        int run = 0;
        for (int i = 0; i < shown.length(); i++) {
            run = shown.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return "<details><summary>diff of the manifests</summary>\n\n" + fence + "diff\n" + shown + fence
                + "\n\n</details>";
    }

    private static List<String> lines(byte[] content) {
        return content == null ? List.of() : new String(content, UTF_8).lines().toList();
    }
}
