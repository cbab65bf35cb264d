using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace VNetEmu.Benchmarks;

/// <summary>Runs the benchmarks the command line picks, e.g.
/// <c>dotnet run -c Release --project bench/VNetEmu.Benchmarks -- --filter '*Parse*' --job short</c>.
/// Exits 1 when built without optimizations or when a benchmark fails.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
#if DEBUG
        _ = args;
        Console.Error.WriteLine("Benchmarks must run with -c Release: dotnet run -c Release --project bench/VNetEmu.Benchmarks -- --filter '*'");
        return 1;
#else
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
#endif
    }
}
