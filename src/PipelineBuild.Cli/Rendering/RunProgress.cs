using System.Diagnostics;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Rendering;

/// <summary>
/// <c>[done/total]</c> and an estimate of the time left, from how long each step took when it last ran
/// (the run history): the steps not finished yet, less what the running ones have already used. Steps
/// that turn out up to date finish at once, so the estimate only gets better as the run goes. The history
/// is read when the first step starts (a no-op never reads it), and each event costs the same however
/// large the pipeline.
/// </summary>
internal sealed class RunProgress
{
    private readonly Lock _gate = new();
    private readonly Func<IReadOnlyDictionary<string, TimeSpan>> _history;
    private readonly IReadOnlyCollection<string> _steps;
    private readonly Dictionary<string, Stopwatch> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, TimeSpan>? _previous;
    private TimeSpan _expectedOfUnfinished;

    public RunProgress(IReadOnlyCollection<string> steps, Func<IReadOnlyDictionary<string, TimeSpan>> history)
    {
        _steps = steps;
        _history = history;
    }

    public int Total { get; private set; }

    public int Done
    {
        get
        {
            lock (_gate)
            {
                return _finished.Count;
            }
        }
    }

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

    public void StepStarted(string stepId)
    {
        lock (_gate)
        {
            if (_previous is null)
            {
                _previous = _history();
                _expectedOfUnfinished = _steps.Where(s => !_finished.Contains(s)).Aggregate(TimeSpan.Zero, (sum, s) => sum + _previous.GetValueOrDefault(s));
            }

            _running[stepId] = Stopwatch.StartNew();
        }
    }

    public void StepFinished(string stepId)
    {
        lock (_gate)
        {
            _running.Remove(stepId);
            if (_finished.Add(stepId) && _previous is not null)
            {
                _expectedOfUnfinished -= _previous.GetValueOrDefault(stepId);
            }
        }
    }

    /// <summary><c>[3/7]</c>, or <c>[3/7, ~42s left]</c> when the history allows an estimate.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var left = Remaining();
            var done = _finished.Count;
            return left is { } time && done < Total ? $"[{done}/{Total}, ~{Durations.Format(time)} left]" : $"[{done}/{Total}]";
        }
    }

    private TimeSpan? Remaining()
    {
        if (_previous is null || _expectedOfUnfinished <= TimeSpan.Zero)
        {
            return null;
        }

        var total = _expectedOfUnfinished;
        foreach (var (step, clock) in _running)
        {
            var expected = _previous.GetValueOrDefault(step);
            total -= clock.Elapsed < expected ? clock.Elapsed : expected;
        }

        return total;
    }
}
