using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Tests.Diagnostics;

public sealed class DiagnosticBagTests
{
    [Fact]
    public void Should_keep_the_first_hundred_problems_and_count_the_rest()
    {
        // Given 460,000 errors (a 10 MB file of unknown keys)
        var bag = new DiagnosticBag();
        for (var i = 0; i < 460_000; i++)
        {
            bag.Error("PB2001", new SourceLocation("p.yaml", i + 1, 1), "unknown key");
        }

        // When they are listed
        var listed = bag.InFileOrder("p.yaml");

        // Then 100 are kept and one closing line counts the others
        Assert.True(bag.HasErrors);
        Assert.Equal(DiagnosticBag.MaxKept + 1, listed.Count);
        Assert.Equal(459_900, bag.Omitted);
        Assert.Equal(DiagnosticBag.TooManyProblemsCode, listed[^1].Code);
        Assert.Contains("459,900 more problems not shown", listed[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_have_errors_even_when_the_error_came_after_the_kept_warnings()
    {
        var bag = new DiagnosticBag();
        for (var i = 0; i < DiagnosticBag.MaxKept; i++)
        {
            bag.Warning("PB2999", SourceLocation.None("p.yaml"), "warning");
        }

        bag.Error("PB2001", SourceLocation.None("p.yaml"), "unknown key");

        Assert.True(bag.HasErrors);
        Assert.Equal(1, bag.Omitted);
    }
}
