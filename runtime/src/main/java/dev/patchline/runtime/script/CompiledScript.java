package dev.patchline.runtime.script;

import java.util.Map;

/** A compiled script of functions; immutable and thread-safe. */
public interface CompiledScript {

    /** {@return where the script came from (file name or node)} */
    String origin();

    /** {@return a new instance whose top-level statements have run, reading variables from {@code variables}} */
    ScriptInstance instantiate(Map<String, Object> variables);
}
