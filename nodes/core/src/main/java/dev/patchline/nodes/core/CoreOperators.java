package dev.patchline.nodes.core;

import dev.patchline.nodes.core.chop.ConstantChop;
import dev.patchline.nodes.core.chop.DatToChop;
import dev.patchline.nodes.core.chop.FilterChop;
import dev.patchline.nodes.core.chop.InfoChop;
import dev.patchline.nodes.core.chop.LagChop;
import dev.patchline.nodes.core.chop.LfoChop;
import dev.patchline.nodes.core.chop.LimitChop;
import dev.patchline.nodes.core.chop.MathChop;
import dev.patchline.nodes.core.chop.MergeChop;
import dev.patchline.nodes.core.chop.SelectChop;
import dev.patchline.nodes.core.chop.TimerChop;
import dev.patchline.nodes.core.dat.ChopExecuteDat;
import dev.patchline.nodes.core.dat.ChopToDat;
import dev.patchline.nodes.core.dat.ConvertDat;
import dev.patchline.nodes.core.dat.DatExecuteDat;
import dev.patchline.nodes.core.dat.EvaluateDat;
import dev.patchline.nodes.core.dat.ExecuteDat;
import dev.patchline.nodes.core.dat.FileOutDat;
import dev.patchline.nodes.core.dat.InfoDat;
import dev.patchline.nodes.core.dat.JsonDat;
import dev.patchline.nodes.core.dat.MergeDat;
import dev.patchline.nodes.core.dat.NullDat;
import dev.patchline.nodes.core.dat.ScriptDat;
import dev.patchline.nodes.core.dat.SelectDat;
import dev.patchline.nodes.core.dat.SortDat;
import dev.patchline.nodes.core.dat.SwitchDat;
import dev.patchline.nodes.core.dat.TableDat;
import dev.patchline.nodes.core.dat.TextDat;
import dev.patchline.nodes.core.dat.TransposeDat;
import dev.patchline.runtime.op.OperatorProvider;
import dev.patchline.runtime.op.OperatorType;
import java.util.List;

/** The core DATs and CHOPs: this module's entry in {@code META-INF/services/dev.patchline.runtime.op.OperatorProvider}. */
public final class CoreOperators implements OperatorProvider {
    @Override
    public List<OperatorType> types() {
        return List.of(
                TableDat.TYPE,
                TextDat.TYPE,
                NullDat.TYPE,
                SelectDat.TYPE,
                InfoDat.TYPE,
                ConstantChop.TYPE,
                DatToChop.TYPE,
                SortDat.TYPE,
                MergeDat.TYPE,
                TransposeDat.TYPE,
                ConvertDat.TYPE,
                EvaluateDat.TYPE,
                JsonDat.TYPE,
                ScriptDat.TYPE,
                SwitchDat.TYPE,
                FileOutDat.TYPE,
                DatExecuteDat.TYPE,
                ExecuteDat.TYPE,
                ChopToDat.TYPE,
                ChopExecuteDat.TYPE,
                MathChop.TYPE,
                LagChop.TYPE,
                FilterChop.TYPE,
                LimitChop.TYPE,
                LfoChop.TYPE,
                TimerChop.TYPE,
                SelectChop.TYPE,
                MergeChop.TYPE,
                InfoChop.TYPE);
    }
}
