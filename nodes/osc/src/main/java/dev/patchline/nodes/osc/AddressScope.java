package dev.patchline.nodes.osc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The OSC In DAT's {@code addscope}: space-separated address patterns with {@code *} (any text) and
 * {@code ?} (one character), e.g. {@code "/mixer/* /transport/play"}. Immutable.
 */
final class AddressScope {
    private final List<Pattern> patterns = new ArrayList<>();

    AddressScope(String spec) {
        for (String term : spec.trim().split("\\s+")) {
            if (term.isEmpty()) continue;
            StringBuilder re = new StringBuilder();
            for (char c : term.toCharArray()) {
                if (c == '*') re.append(".*");
                else if (c == '?') re.append('.');
                else re.append(Pattern.quote(String.valueOf(c)));
            }
            patterns.add(Pattern.compile(re.toString()));
        }
    }

    boolean matches(String address) {
        for (Pattern p : patterns) if (p.matcher(address).matches()) return true;
        return false;
    }
}
