using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dse.Tests.Architecture;

/// <summary>
/// The one-way layers of Dse.Core and the CLI on top of them, checked on the compiled assemblies (ArchUnitNET): each folder may use
/// only the folders listed for it, and the folders form no cycle. A new dependency against these rules fails here with the types
/// that make it.
/// </summary>
public class LayerTests
{
    private static readonly ArchUnitNET.Domain.Architecture Dse = new ArchLoader()
        .LoadAssemblies(typeof(global::Dse.Pipeline.SweepRun).Assembly, typeof(global::Dse.Cli.DseCommandLine).Assembly)
        .Build();

    /// <summary>
    /// Each Core folder (namespace and the namespaces below it) and the folders it may use, bottom up. Devices and Workloads read
    /// files into models and depend on nothing but Diagnostics and Randomness; the simulation (Search, Crossbar) and the cost
    /// model (Costs) sit on them; Exploration enumerates and evaluates design points; Pareto, the run folder (Runs) and Analysis
    /// read results; Reports read results and never the engine; Pipeline runs a sweep end to end and is the only folder that uses
    /// them all.
    /// </summary>
    public static TheoryData<string, string[]> Layers { get; } = new()
    {
        { "Diagnostics", [] },
        { "Randomness", [] },
        { "Devices", ["Diagnostics", "Randomness"] },
        { "Workloads", ["Diagnostics", "Randomness"] },
        { "Search", ["Workloads", "Diagnostics", "Randomness"] },
        { "Crossbar", ["Search", "Workloads", "Devices", "Diagnostics", "Randomness"] },
        { "Costs", ["Crossbar", "Search", "Workloads", "Devices", "Diagnostics", "Randomness"] },
        { "Exploration", ["Costs", "Crossbar", "Search", "Workloads", "Devices", "Diagnostics", "Randomness"] },
        { "Pareto", ["Exploration", "Costs", "Crossbar", "Search", "Workloads", "Devices", "Diagnostics", "Randomness"] },
        { "Runs", ["Pareto", "Exploration", "Costs", "Crossbar", "Search", "Workloads", "Devices", "Diagnostics", "Randomness"] },
        { "Analysis", ["Exploration", "Crossbar", "Devices", "Diagnostics"] },
        { "Reports", ["Analysis", "Runs", "Pareto", "Exploration", "Costs", "Crossbar", "Devices", "Diagnostics"] },
    };

    /// <summary>Every Core folder, for the rules that name the others.</summary>
    private static readonly string[] CoreFolders =
        ["Diagnostics", "Randomness", "Devices", "Workloads", "Search", "Crossbar", "Costs", "Exploration", "Pareto", "Runs", "Analysis", "Reports", "Pipeline"];

    private static string InFolder(string folder) => $@"^Dse\.{folder}(\..+)?$";

    private static IObjectProvider<IType> TypesIn(params string[] folders)
        => Types().That().ResideInNamespaceMatching(string.Join('|', folders.Select(InFolder))).As(string.Join(", ", folders));

    [Theory]
    [MemberData(nameof(Layers))]
    public void EachCoreFolderUsesOnlyTheFoldersBelowIt(string folder, string[] mayUse)
    {
        var forbidden = CoreFolders.Where(f => f != folder && !mayUse.Contains(f)).Append("Cli").ToArray();
        Types().That().ResideInNamespaceMatching(InFolder(folder)).Should().NotDependOnAny(TypesIn(forbidden)).Check(Dse);
    }

    [Fact]
    public void TheReportsReadResultsNeverTheEngine()
    {
        // The engine's types: the Monte Carlo, its kernels and the evaluation loop. Reports may name a design's enums
        // (an ADC reference, a signed mapping) and read results, never run or reach into a simulation.
        var engine = Types().That().HaveFullNameMatching(
            @"^Dse\.(Crossbar\.(MonteCarlo|Gemm|FixedPointGemm|CellProgramming|IrDrop\.)|Exploration\.(Explorer|MonteCarloGroup|PointEvaluation|OperandCache|SweepContext))").As("the engine");
        Types().That().ResideInNamespaceMatching(InFolder("Reports")).Should().NotDependOnAny(engine).Check(Dse);
    }

    [Fact]
    public void TheCliHoldsNoModelLogicAndCallsTheModelsThroughThePipeline()
    {
        // The commands parse, run and print: whatever computes in the simulation, the cost model and the workloads (models,
        // kernels, solvers, readers) is reached through Core's Pipeline, never from the CLI. The CLI may name the records and
        // enums of those folders that describe a design or a result (a cost breakdown, a signed mapping, an engine phase).
        var computing = Types().That().ResideInNamespaceMatching(string.Join('|', new[] { "Search", "Crossbar", "Costs", "Workloads" }.Select(InFolder)))
            .And().FollowCustomPredicate(t => !IsValue(t), "compute (are neither records nor enums)").As("the models");
        Types().That().ResideInNamespaceMatching(@"^Dse\.Cli(\..+)?$").Should().NotDependOnAny(computing).Check(Dse);
    }

    private static bool IsValue(IType type) => type is ArchUnitNET.Domain.Enum
        || (type is Class c && c.IsRecord == true)
        || (type is Struct && type.Members.Any(m => m.Name.StartsWith("PrintMembers", StringComparison.Ordinal)));

    [Fact]
    public void TheFoldersFormNoCycle()
    {
        // Folder of a namespace: its first segment under Dse (Dse.Crossbar.IrDrop is Crossbar), the CLI as one.
        static string Folder(string ns) => ns.Split('.') is [_, var first, ..] ? first : ns;
        var edges = Dse.Types.Where(t => t.Namespace.FullName.StartsWith("Dse.", StringComparison.Ordinal))
            .SelectMany(t => t.Dependencies.Select(d => (From: Folder(t.Namespace.FullName), To: d.Target?.Namespace?.FullName!, Type: t.FullName, Target: d.Target?.FullName ?? "")))
            .Where(e => e.To is not null && e.To.StartsWith("Dse.", StringComparison.Ordinal))
            .Select(e => e with { To = Folder(e.To) })
            .Where(e => e.From != e.To)
            .ToList();
        var uses = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToArray());
        var cycles = new List<string>();
        foreach (var (from, targets) in uses)
            foreach (var to in targets)
                if (Reaches(to, from, uses, []))
                {
                    var example = edges.First(e => e.From == from && e.To == to);
                    cycles.Add($"{from} -> {to} (e.g. {example.Type} uses {example.Target}) and {to} reaches {from} back");
                }
        Assert.True(cycles.Count == 0, "cycles between folders:\n" + string.Join("\n", cycles));
    }

    private static bool Reaches(string from, string target, Dictionary<string, string[]> uses, HashSet<string> seen)
    {
        if (from == target) return true;
        if (!seen.Add(from)) return false;
        return uses.TryGetValue(from, out var next) && next.Any(n => Reaches(n, target, uses, seen));
    }

    [Fact]
    public void EveryCoreNamespaceIsInALayer()
    {
        // A new folder must be placed in the layers above, or it would escape every rule.
        var known = new Regex("^Dse\\.(" + string.Join('|', CoreFolders) + ")(\\..+)?$");
        var loose = Dse.Namespaces.Select(n => n.FullName).Where(n => n.StartsWith("Dse.", StringComparison.Ordinal) && !n.StartsWith("Dse.Cli", StringComparison.Ordinal))
            .Where(n => !known.IsMatch(n)).ToArray();
        Assert.Empty(loose);
    }
}
