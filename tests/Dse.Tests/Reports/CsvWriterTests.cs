using System.Globalization;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Reports;

/// <summary>Golden CSV checks, run under a decimal-comma culture to prove the output is invariant.</summary>
public sealed class CsvWriterTests : IDisposable
{
    private readonly CultureInfo _saved = CultureInfo.CurrentCulture;

    public CsvWriterTests() => CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

    public void Dispose() => CultureInfo.CurrentCulture = _saved;

    private const string Header =
        "key,device,rows,cols,cellBits,adcBits,adcModel,colsPerAdc,virtualTokens,sigmaScale,readTimeS,ssaMapping,signedMapping,adcRange,weightBits,inputBits,storedPrompts,adcReference,writeVerify,updatesPerDay,updateFraction,queriesPerDay,wireResistanceScale,rowsPerRead,adcGain,dim,trials,queries," +
        "agreement,agreementCiLow,agreementCiHigh,agreementP5,accuracy,accuracyCiLow,accuracyCiHigh,accuracyP5,mipsAgreement,mipsAccuracy,digitalAgreement,digitalAccuracy," +
        "energyJ,latencyS,areaMm2,crossbars,writeEnergyJ,writeLatencyS,writesBeforeWearOut,writeEnergyPerDayJ,lifetimeYears,amortisedEnergyPerQueryJ,speedup,energyRatio,energyArrayJ,energyAdcJ,energyWlDriversJ,areaArrayMm2,areaAdcMm2,areaWlDriversMm2," +
        "latencyArrayS,latencyAdcS,latencyWlDriversS\r\n";

    private static PointResult[] Points() =>
    [
        FakeResults.Point("b", null, 2e-12, 0.5, 1e-6, agreement: 0.75).With(DesignAxes.SigmaScale, 2.5).With(DesignAxes.ReadTime, null) with
        {
            Breakdown = new Dictionary<string, ComponentTotals> { ["array"] = new(0.5e-12, 1e-7, 0.25), ["wlDrivers"] = new(1.5e-12, 9e-7, 0.25) },
        },
        FakeResults.Point("a", 0.9, 1e-12, 0.25, 2e-6, agreement: 0.95).With(DesignAxes.Device, "fefet, \"GF\" 28nm"),
    ];

    [Fact]
    public void PointsCsvMatchesGoldenUnderGermanCulture()
    {
        Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the culture really is decimal-comma
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "points.csv");
        var writer = new PointsCsvWriter();
        writer.Write(RunRecords.Read(FakeResults.Run(Points()), writer), dir);
        var expected = Header +
            "a,\"fefet, \"\"GF\"\" 28nm\",128,128,2,5,neurosimSar,8,8,1,86400,digitalPooling,differential,calibrated,8,8,,referenceColumn,,,1,,1,all,none,256,16,200," +
            "0.95,0.9299999999999999,0.97,0.8999999999999999,0.9,0.88,0.92,0.85,0.855,0.81,0.95,0.9," +
            "1E-12,2E-06,0.25,4,1E-09,5E-06,1000000,,,,2,50,2.5E-13,7.5E-13,,0.125,0.125,,4E-07,1.6E-06,\r\n" +
            "b,rram-intel22,128,128,2,5,neurosimSar,8,8,2.5,,digitalPooling,differential,calibrated,8,8,,referenceColumn,,,1,,1,all,none,256,16,200," +
            "0.75,0.73,0.77,0.7,,,,,0.675,,0.75,," +
            "2E-12,1E-06,0.5,4,1E-09,5E-06,1000000,,,,2,50,5E-13,,1.5E-12,0.25,,0.25,1E-07,,9E-07\r\n";
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void ParetoCsvHasSameColumnsAndFrontBestFirst()
    {
        var dir = TestPaths.NewTempDir();
        var points = Points().Append(FakeResults.Point("c", 0.5, 3e-12, 1)).Append(FakeResults.Point("d", 0.6, 0.5e-12, 1)).ToArray();
        var run = RunRecords.Read(FakeResults.Run(points, "accuracy", "energy"), new PointsCsvWriter(), new ParetoCsvWriter());
        new PointsCsvWriter().Write(run, dir);
        new ParetoCsvWriter().Write(run, dir);
        var all = File.ReadAllLines(Path.Combine(dir, "points.csv"));
        var front = File.ReadAllLines(Path.Combine(dir, "pareto.csv"));
        Assert.Equal(all[0], front[0]);
        // a (0.9, 1 pJ) dominates b (no labels: agreement 0.75 stands in, 2 pJ) and c (0.5, 3 pJ); d is cheapest.
        Assert.Equal(["a", "d"], front.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void QuotesOnlyWhenNeeded(string field, string expected) => Assert.Equal(expected, CsvWriter.Quote(field));
}
