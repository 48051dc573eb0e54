using PipelineBuild.Cli.Rendering;

namespace PipelineBuild.Cli.Tests.Rendering;

public sealed class RunProgressTests
{
    [Fact]
    public void Should_never_read_the_history_when_every_step_is_up_to_date()
    {
        // Given a run of three steps whose history would be read on demand
        var reads = 0;
        var progress = new RunProgress(["a", "b", "c"], () =>
        {
            reads++;
            return new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { ["a"] = TimeSpan.FromSeconds(5) };
        });
        progress.Started(3);

        // When every step finishes without starting (up to date)
        progress.StepFinished("a");
        progress.StepFinished("b");
        var described = progress.Describe();

        // Then the history was never opened and the count is plain
        Assert.Equal(0, reads);
        Assert.Equal("[2/3]", described);
    }

    [Fact]
    public void Should_estimate_the_time_left_from_the_steps_not_finished_yet()
    {
        // Given steps that took 10 s, 20 s and 30 s when they last ran
        var history = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            ["a"] = TimeSpan.FromSeconds(10),
            ["b"] = TimeSpan.FromSeconds(20),
            ["c"] = TimeSpan.FromSeconds(30),
        };
        var progress = new RunProgress(["a", "b", "c", "d"], () => history);
        progress.Started(4);

        // When a finishes up to date, then b starts and finishes, then c starts
        progress.StepFinished("a");
        progress.StepStarted("b");
        var whileB = progress.Describe();
        progress.StepFinished("b");
        progress.StepFinished("b");
        var afterB = progress.Describe();

        // Then a finished before the history was read counts for nothing, b's time drops out once (even when reported twice)
        Assert.StartsWith("[1/4, ~", whileB, StringComparison.Ordinal);
        Assert.InRange(ParseSeconds(whileB), 30.1, 50.0);
        Assert.Equal("[2/4, ~30.0s left]", afterB);
    }

    private static double ParseSeconds(string described) =>
        double.Parse(described[(described.IndexOf('~', StringComparison.Ordinal) + 1)..described.IndexOf('s', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
}
