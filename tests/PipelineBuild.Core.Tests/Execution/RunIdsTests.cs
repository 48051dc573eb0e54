using PipelineBuild.Core.Execution;

namespace PipelineBuild.Core.Tests.Execution;

public sealed class RunIdsTests
{
    [Fact]
    public void Should_make_sixteen_hex_characters_ordered_by_time_then_random()
    {
        // Given
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        // When a thousand ids are made in the same second, and one a second later
        var ids = Enumerable.Range(0, 1000).Select(_ => RunIds.New(now)).ToList();
        var later = RunIds.New(now.AddSeconds(1));

        // Then they share the time part, differ in the random part, and sort before the later one
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}$", id));
        Assert.Single(ids.Select(id => id[..8]).Distinct());
        Assert.True(ids.Distinct().Count() > 990);
        Assert.All(ids, id => Assert.True(string.CompareOrdinal(id, later) < 0));
    }
}
