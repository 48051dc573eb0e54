using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Docker.Tests;

public sealed class OutOfMemoryKillTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Should_say_killed_when_the_engine_reports_it_only_after_the_exit()
    {
        var engine = new EngineState(answersBeforeOom: 3);

        var killed = await OutOfMemoryKill.WasKilledAsync(engine.OomKilledAsync, 137, hasMemoryLimit: true, Patience, TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.True(killed);
        Assert.Equal(4, engine.Questions);
    }

    [Fact]
    public async Task Should_say_not_killed_when_the_engine_never_reports_it()
    {
        var engine = new EngineState(answersBeforeOom: int.MaxValue);

        var killed = await OutOfMemoryKill.WasKilledAsync(engine.OomKilledAsync, 137, hasMemoryLimit: true, Patience, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.False(killed);
        Assert.Equal(11, engine.Questions);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(139, true)]
    [InlineData(137, false)]
    public async Task Should_ask_once_when_the_exit_cannot_be_a_kill_for_memory(long exitCode, bool hasMemoryLimit)
    {
        var engine = new EngineState(answersBeforeOom: 1);

        var killed = await OutOfMemoryKill.WasKilledAsync(engine.OomKilledAsync, exitCode, hasMemoryLimit, Patience, TimeSpan.Zero, CancellationToken.None);

        Assert.False(killed);
        Assert.Equal(1, engine.Questions);
    }

    [Fact]
    public async Task Should_believe_the_engine_at_once_whatever_the_exit()
    {
        var engine = new EngineState(answersBeforeOom: 0);

        var killed = await OutOfMemoryKill.WasKilledAsync(engine.OomKilledAsync, 1, hasMemoryLimit: false, Patience, TimeSpan.Zero, CancellationToken.None);

        Assert.True(killed);
        Assert.Equal(1, engine.Questions);
    }

    private sealed class EngineState(int answersBeforeOom)
    {
        public int Questions { get; private set; }

        public Task<bool> OomKilledAsync(CancellationToken cancellationToken) => Task.FromResult(Questions++ >= answersBeforeOom);
    }
}
