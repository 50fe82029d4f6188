using BenchmarkDotNet.Running;

namespace Dse.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/Dse.Benchmarks -- --filter "*"</c> from the repository root (BenchmarkDotNet looks for the project below the working directory).</summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
