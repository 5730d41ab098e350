package dev.patchline.studio;

import java.util.List;

/** An edit or save that changed nothing, with every reason. */
final class EditRejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<EditError> errors;
    private final boolean stale;

    EditRejected(List<EditError> errors) {
        this(errors, false);
    }

    EditRejected(List<EditError> errors, boolean stale) {
        super(errors.isEmpty() ? "rejected" : errors.get(0).message(), null, false, false);
        this.errors = List.copyOf(errors);
        this.stale = stale;
    }

    static EditRejected of(String id, String param, String message) {
        return new EditRejected(List.of(new EditError(id, param, message)));
    }

    List<EditError> errors() {
        return errors;
    }

    /** {@return whether the edit was made against an older revision than the current one} */
    boolean stale() {
        return stale;
    }
}
