using Dse.Pareto;

namespace Dse.Tests.PerSlice;

public class PerSliceEpsilonSweepTests
{
    [Fact]
    public void Surrogate_measured_against_the_highest_resolution_spaces_epsilons_geometrically_from_the_smallest_positive_error()
    {
        // 3 slices at 3, 4, 5 bits: errors 4^(5 - b) x slice weight, 0 at 5 bits (the reference); cost rises with bits.
        int[] bits = [3, 4, 5];
        double[] weight = [256, 16, 1];
        var error = new double[3, 3];
        var energy = new double[3, 3];
        var area = new double[3, 3];
        for (int s = 0; s < 3; s++)
            for (int j = 0; j < 3; j++)
                (error[s, j], energy[s, j], area[s, j]) = (j == 2 ? 0 : weight[s] * Math.Pow(4, 2 - j), bits[j], bits[j]);
        var problem = new PerSliceAdcProblem(bits, error, energy, area, [0, 0, 0], [0, 0, 0], [1, 1, 1]);
        var sweep = PerSliceAdcSearch.EpsilonSweep(problem, 6, new PerSliceAdcSearchOptions());
        double hi = 16 * (256 + 16 + 1), smallest = 4, allowance = (3 + 1) * hi / PerSliceAdcSearch.ErrorUnits;
        Assert.Equal(allowance, sweep[0].Epsilon, 1e-12);
        Assert.Equal("5-5-5", sweep[0].Point!.Assignment.ToString());
        for (int i = 1; i < 6; i++) Assert.Equal(smallest * Math.Pow(hi / smallest, (i - 1) / 4.0) + allowance, sweep[i].Epsilon, 1e-9 * hi);
        // The second epsilon admits only the least significant slice one bit lower: the cheapest such assignment.
        Assert.Equal("5-5-4", sweep[1].Point!.Assignment.ToString());
        Assert.Equal("3-3-3", sweep[^1].Point!.Assignment.ToString());
    }
}
