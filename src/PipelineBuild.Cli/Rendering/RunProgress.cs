using System.Collections.Concurrent;
using System.Diagnostics;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>
/// <c>[done/total]</c> and an estimate of the time left, from how long each step took when it last ran
/// (the run history): the steps not finished yet, less what the running ones have already used. Steps
/// that turn out up to date finish at once, so the estimate only gets better as the run goes.
/// </summary>
internal sealed class RunProgress
{
    private readonly IReadOnlyDictionary<string, TimeSpan> _previous;
    private readonly IReadOnlyCollection<string> _steps;
    private readonly ConcurrentDictionary<string, Stopwatch> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _finished = new(StringComparer.Ordinal);

    public RunProgress(IReadOnlyCollection<string> steps, IReadOnlyDictionary<string, TimeSpan> previous)
    {
        _steps = steps;
        _previous = previous;
    }

    public int Total { get; private set; }

    public int Done => _finished.Count;

    /// <summary>The previous step durations of a workspace's run history (the newest run that ran each step); none when there is no history.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> PreviousDurations(string runsDatabase)
    {
        try
        {
            using var store = RunStore.OpenExisting(runsDatabase);
            return store?.RecentDurations(10) ?? new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        }
        catch (PipelineException)
        {
            // No estimate is better than a failed run: the history is reported where it is used.
            return new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        }
    }

    public void Started(int total) => Total = total;

    public void StepStarted(string stepId) => _running[stepId] = Stopwatch.StartNew();

    public void StepFinished(string stepId)
    {
        _running.TryRemove(stepId, out _);
        _finished[stepId] = true;
    }

    /// <summary><c>[3/7]</c>, or <c>[3/7, ~42s left]</c> when the history allows an estimate.</summary>
    public string Describe()
    {
        var left = Remaining();
        return left is { } time && Done < Total ? $"[{Done}/{Total}, ~{Durations.Format(time)} left]" : $"[{Done}/{Total}]";
    }

    private TimeSpan? Remaining()
    {
        var pending = _steps.Where(s => !_finished.ContainsKey(s) && _previous.ContainsKey(s)).ToList();
        if (pending.Count == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (var step in pending)
        {
            var expected = _previous[step];
            var used = _running.TryGetValue(step, out var clock) ? clock.Elapsed : TimeSpan.Zero;
            total += expected > used ? expected - used : TimeSpan.Zero;
        }

        return total;
    }
}
