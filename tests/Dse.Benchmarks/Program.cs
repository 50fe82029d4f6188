using BenchmarkDotNet.Running;

namespace Dse.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/Dse.Benchmarks -- --filter '*'</c> (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
