package dev.patchline.runtime.cook;

import dev.patchline.runtime.data.Channels;
import dev.patchline.runtime.data.OutputChannels;
import dev.patchline.runtime.data.OutputTable;
import dev.patchline.runtime.data.Table;
import dev.patchline.runtime.graph.NodeSpec;
import dev.patchline.runtime.op.Callbacks;
import dev.patchline.runtime.op.CookContext;
import dev.patchline.runtime.op.Family;
import dev.patchline.runtime.op.Inbox;
import dev.patchline.runtime.op.NodeState;
import dev.patchline.runtime.op.NodeView;
import dev.patchline.runtime.op.Operator;
import dev.patchline.runtime.op.OperatorType;
import dev.patchline.runtime.param.ParamKind;
import dev.patchline.runtime.param.ParameterDescriptor;
import dev.patchline.runtime.script.ScriptEngineBridge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a running patch: its operator, output, parameters, wiring and scheduling flags.
 * Implements {@link CookContext} itself so that a cook allocates no context object.
 * Everything here is confined to the cook thread except {@link #wakeup()}.
 */
final class NodeRuntime implements CookContext {
    final Engine engine;
    NodeSpec spec;
    final OperatorType type;
    final Operator operator;
    final Family family;
    /** Copy of {@code type.timeDependent()}, read on every visit without touching the type. */
    final boolean typeTimeDependent;

    final OutputTable table;
    final OutputChannels channels;
    final ParamSlot[] params;
    final Logger log;
    final NodeHandle handle;
    final Map<String, Object> scriptVariables = new HashMap<>();
    /** What the watchdog shows while this node cooks, starts or stops. */
    final CookActivity.Doing cookDoing;

    final CookActivity.Doing startDoing;
    final CookActivity.Doing stopDoing;
    /** The watchdog's warning about this node, kept on the node for a while; null when none. */
    String slowNote;

    long slowNoteUntilNanos;

    // Wiring and dependencies (rebuilt by the topology on shape changes).
    NodeRuntime[] inputs = new NodeRuntime[0];
    final List<NodeRuntime> consumers = new ArrayList<>();
    /** {@link #consumers} as an array, rebuilt with the topology: the hot path touches one object. */
    NodeRuntime[] consumerArray = new NodeRuntime[0];

    boolean anySoftDependents;
    final List<NodeRuntime> softDependents = new ArrayList<>();
    /** Nodes this node reads through expressions, binds, operator references and {@code ctx.op()}. */
    final List<NodeRuntime> softDeps = new ArrayList<>();
    /** What the operator read through {@code ctx.op()} during its last cook. */
    Reads cookReads;

    /** Place in the frame scan and reasons to cook; the scheduler's. */
    final ScheduleState sched = new ScheduleState();

    boolean started;
    boolean startFailed;
    boolean watched;
    boolean removed;

    /** Bumped whenever output, parameters, state or info change; dependents compare it. */
    long stamp;
    /** The output's version after the last cook that changed it; consumers compare it. */
    long outputVersion;

    boolean hasDynamicParams;
    boolean timeDependentParams;

    // Status.
    volatile NodeState state = NodeState.OK;
    volatile String message = "";
    volatile String lastError = "";
    NodeState cookState;
    String cookMessage;
    long cookCount;
    /** Time spent in the timed cooks (one in {@link FrameScheduler#COOK_TIME_SAMPLE}) and how many there were. */
    long timedCookNanos;

    long timedCooks;
    String[] infoNames = new String[0];
    double[] infoValues = new double[0];

    Callbacks callbacks = Callbacks.NONE;

    NodeRuntime(Engine engine, NodeSpec spec, OperatorType type) {
        this.engine = engine;
        this.spec = spec;
        this.type = type;
        this.family = type.family();
        this.typeTimeDependent = type.timeDependent();
        this.operator = type.create();
        this.table = family == Family.DAT ? new OutputTable() : null;
        this.channels = family == Family.CHOP ? new OutputChannels() : null;
        List<ParameterDescriptor<?>> descriptors = type.parameters();
        this.params = new ParamSlot[descriptors.size()];
        for (int i = 0; i < params.length; i++) {
            ParameterDescriptor<?> d = descriptors.get(i);
            params[i] = new ParamSlot(d, d.defaultValue());
        }
        this.log = LoggerFactory.getLogger("patchline.node." + spec.id());
        this.handle = new NodeHandle(this);
        this.cookDoing = new CookActivity.Doing(spec.id(), "cook");
        this.startDoing = new CookActivity.Doing(spec.id(), "onStart");
        this.stopDoing = new CookActivity.Doing(spec.id(), "onStop");
    }

    String id() {
        return spec.id();
    }

    ParamSlot slot(ParameterDescriptor<?> d) {
        for (ParamSlot s : params) if (s.descriptor == d) return s;
        for (ParamSlot s : params) if (s.descriptor.name().equals(d.name())) return s;
        throw new IllegalArgumentException("operator type '" + type.id() + "' has no parameter '" + d.name() + "'");
    }

    ParamSlot slot(String name) {
        for (ParamSlot s : params) if (s.descriptor.name().equals(name)) return s;
        return null;
    }

    void bumpStamp() {
        stamp++;
        engine.scheduler.onStampChanged(this);
    }

    // ------------------------------------------------------------------ OperatorContext

    @Override
    public String nodeId() {
        return spec.id();
    }

    @Override
    public OperatorType type() {
        return type;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T par(ParameterDescriptor<T> parameter) {
        ParamSlot s = slot(parameter);
        if (parameter.kind() == ParamKind.PULSE) return (T) (Boolean) s.firedNow;
        return (T) s.value;
    }

    @Override
    public void wakeup() {
        AtomicBoolean flag = sched.wakeFlag;
        if (!flag.get() && flag.compareAndSet(false, true)) engine.scheduler.pushWakeup(this);
    }

    @Override
    public <T> Inbox<T> newInbox(int capacity) {
        return new Inbox<>(capacity, this::wakeup);
    }

    @Override
    public Callbacks callbacks() {
        return callbacks;
    }

    @Override
    public ScriptEngineBridge scripts() {
        return engine.scripts;
    }

    @Override
    public NodeView me() {
        return handle;
    }

    @Override
    public void report(NodeState newState, String text) {
        if (newState == NodeState.ERROR) lastError = text;
        if (sched.cooking) {
            if (newState.ordinal() >= cookState.ordinal()) {
                cookState = newState;
                cookMessage = text;
            }
        } else {
            setState(newState, text);
        }
    }

    void setState(NodeState newState, String text) {
        if (newState != state || !text.equals(message)) {
            if (newState != NodeState.OK && !text.equals(message)) {
                if (newState == NodeState.ERROR) log.warn("{}", text);
                else log.info("{}", text);
            }
            state = newState;
            message = text;
            stamp++;
            engine.scheduler.onStampChanged(this);
        }
    }

    // ------------------------------------------------------------------ CookContext

    @Override
    public boolean firstCook() {
        return sched.firstCook;
    }

    @Override
    public boolean parChanged(ParameterDescriptor<?> parameter) {
        return slot(parameter).changedNow;
    }

    @Override
    public boolean pulsed(ParameterDescriptor<Boolean> pulse) {
        return slot(pulse).firedNow;
    }

    @Override
    public boolean woken() {
        return sched.wokenNow;
    }

    @Override
    public int numInputs() {
        return inputs.length;
    }

    @Override
    public boolean inputChanged(int i) {
        checkInput(i);
        return sched.inputChangedNow[i];
    }

    @Override
    public Table input(int i) {
        checkInput(i);
        NodeRuntime in = inputs[i];
        if (in.table == null)
            throw new IllegalStateException(
                    "input " + i + " of '" + id() + "' is a CHOP; use inputChannels(" + i + ")");
        return in.table;
    }

    @Override
    public Channels inputChannels(int i) {
        checkInput(i);
        NodeRuntime in = inputs[i];
        if (in.channels == null)
            throw new IllegalStateException("input " + i + " of '" + id() + "' is a DAT; use input(" + i + ")");
        return in.channels;
    }

    private void checkInput(int i) {
        if (i < 0 || i >= inputs.length)
            throw new IndexOutOfBoundsException("node '" + id() + "' has " + inputs.length + " inputs, asked for " + i);
    }

    @Override
    public OutputTable output() {
        if (table == null) throw new IllegalStateException("'" + id() + "' is a CHOP; use outputChannels()");
        return table;
    }

    @Override
    public OutputChannels outputChannels() {
        if (channels == null) throw new IllegalStateException("'" + id() + "' is a DAT; use output()");
        return channels;
    }

    @Override
    public NodeView op(String nodeId) {
        NodeRuntime n = engine.node(nodeId);
        if (n == null) return null;
        engine.reads.record(n);
        return n.handle;
    }

    @Override
    public NodeView op(ParameterDescriptor<String> operatorParameter) {
        String target = par(operatorParameter);
        return target.isEmpty() ? null : op(target);
    }

    @Override
    public long frame() {
        return engine.scheduler.frame;
    }

    @Override
    public double seconds() {
        return engine.scheduler.seconds;
    }

    @Override
    public void error(String text) {
        report(NodeState.ERROR, text);
    }

    @Override
    public void warning(String text) {
        report(NodeState.WARNING, text);
    }

    @Override
    public void info(String name, double value) {
        for (int i = 0; i < infoNames.length; i++) {
            if (infoNames[i].equals(name)) {
                if (Double.doubleToLongBits(infoValues[i]) != Double.doubleToLongBits(value)) {
                    infoValues[i] = value;
                    stamp++;
                    engine.scheduler.onStampChanged(this);
                }
                return;
            }
        }
        infoNames = java.util.Arrays.copyOf(infoNames, infoNames.length + 1);
        infoValues = java.util.Arrays.copyOf(infoValues, infoValues.length + 1);
        infoNames[infoNames.length - 1] = name;
        infoValues[infoValues.length - 1] = value;
        stamp++;
        engine.scheduler.onStampChanged(this);
    }

    double infoValue(String name) {
        for (int i = 0; i < infoNames.length; i++) if (infoNames[i].equals(name)) return infoValues[i];
        return Double.NaN;
    }

    Map<String, Double> infoMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < infoNames.length; i++) m.put(infoNames[i], infoValues[i]);
        return m;
    }

    @Override
    public void requestCookNextFrame() {
        sched.requestNextDuringCook = true;
    }

    @Override
    public <T> void setPar(ParameterDescriptor<T> parameter, T value) {
        engine.params.setConstant(this, slot(parameter), value);
    }

    @Override
    public String toString() {
        return spec.id() + " (" + type.id() + ")";
    }

    @Override
    public java.nio.file.Path resolvePath(String path) {
        return engine.files.resolve(path);
    }

    /**
     * {@return the estimated total cook time: the mean of the timed cooks times the cook count} The mean, not
     * the sample scaled by the sampling rate, so that a slow first cook (compiling a script, reading a file) is
     * not counted once per sampled cook.
     */
    long estimatedCookNanos() {
        return timedCooks == 0 ? 0 : (long) ((double) timedCookNanos / timedCooks * cookCount);
    }
}
