package dev.patchline.runtime.cook;

import dev.patchline.runtime.op.NodeView;
import java.util.List;

/** Read access to a patch on its cook thread, handed to {@link Patch#query}. Valid only during the query. */
public interface PatchView {

    /** {@return the node with this id, or null} */
    NodeView node(String id);

    /** {@return node ids in graph order} */
    List<String> nodeIds();

    /** {@return the frame number of the last frame} */
    long frame();
}
