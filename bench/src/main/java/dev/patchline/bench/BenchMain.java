package dev.patchline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Entry point of {@code bench/run}: finds the named {@link BenchmarkCommand} and runs it. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<BenchmarkCommand> all = new ArrayList<>();
        ServiceLoader.load(BenchmarkCommand.class).forEach(all::add);
        all.sort(Comparator.comparing(BenchmarkCommand::name));
        if (args.length == 0 || args[0].equals("list") || args[0].equals("--help")) {
            System.out.println("usage: bench/run NAME [--quick]");
            for (BenchmarkCommand b : all) {
                System.out.printf("  %-10s %s%n", b.name(), b.summary());
            }
            // bench/run hands "fuzz" to bench/fuzz (a Jazzer run of the protocol tests) before this class runs.
            System.out.printf(
                    "  %-10s %s%n", "fuzz", "Jazzer on the MQTT decoder for N minutes (bench/run fuzz --minutes N)");
            System.exit(args.length == 0 ? 2 : 0);
        }
        boolean quick = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else {
                System.err.println("bench/run: unknown option '" + args[i] + "' (only --quick is known)");
                System.exit(2);
            }
        }
        for (BenchmarkCommand b : all) {
            if (b.name().equals(args[0])) {
                System.exit(b.run(quick, System.out));
            }
        }
        System.err.println("bench/run: no benchmark named '" + args[0] + "'; known: "
                + all.stream().map(BenchmarkCommand::name).toList());
        System.exit(2);
    }
}
