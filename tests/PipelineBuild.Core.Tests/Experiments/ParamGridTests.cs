using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Experiments;

namespace PipelineBuild.Core.Tests.Experiments;

public sealed class ParamGridTests
{
    [Fact]
    public void Should_expand_the_axes_first_outermost_with_the_fixed_params_in_each()
    {
        var grid = ParamGrid.Parse(["seed=1"], ["train.lr=0.01,0.1;train.depth=3,5,7"]);

        var combinations = grid.Combinations();

        Assert.Equal(6, combinations.Count);
        Assert.Equal(["seed=1", "train.lr=0.01", "train.depth=3"], combinations[0]);
        Assert.Equal(["seed=1", "train.lr=0.1", "train.depth=7"], combinations[5]);
        Assert.Equal(["train.lr", "train.depth"], grid.VariedNames);
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("lr=")]
    [InlineData("lr=1,1")]
    [InlineData("=1,2")]
    [InlineData("lr=1;lr=2")]
    public void Should_refuse_a_malformed_grid_with_PB1071(string axis)
    {
        var error = Assert.Throws<PipelineException>(() => ParamGrid.Parse([], [axis]));

        Assert.Equal("PB1071", error.Code);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
    }
}
