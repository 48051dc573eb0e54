using System.Collections.Concurrent;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Testing;

/// <summary>
/// A step runner for scheduler tests: records the order steps start in, writes their declared outputs,
/// and fails, hangs or succeeds as each test says — no processes involved.
/// </summary>
public sealed class FakeStepRunner : IStepRunner, IStepRunnerSession
{
    private readonly ConcurrentQueue<string> _started = new();
    private readonly ConcurrentDictionary<string, Func<int, CancellationToken, Task<int>>> _behaviours = new(StringComparer.Ordinal);
    private int _atOnce;
    private int _mostAtOnce;
    private TimeSpan _duration;

    /// <summary>Step ids in the order their attempts started (an id appears once per attempt).</summary>
    public IReadOnlyList<string> Started => _started.ToArray();

    /// <summary>The most step attempts that were running at the same time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>Makes every attempt take at least <paramref name="duration"/> (before its behaviour).</summary>
    public FakeStepRunner Taking(TimeSpan duration)
    {
        _duration = duration;
        return this;
    }

    /// <summary>Makes a step exit with <paramref name="exitCode"/> on the given attempts (1-based; all when null).</summary>
    public FakeStepRunner Fail(string stepId, int exitCode = 1, params int[] attempts)
    {
        _behaviours[stepId] = (attempt, _) => Task.FromResult(attempts.Length == 0 || attempts.Contains(attempt) ? exitCode : 0);
        return this;
    }

    /// <summary>Makes a step wait until it is cancelled (by a timeout or the run); <paramref name="started"/> runs when it begins.</summary>
    public FakeStepRunner Hang(string stepId, Action? started = null)
    {
        _behaviours[stepId] = async (_, token) =>
        {
            started?.Invoke();
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            return 0;
        };
        return this;
    }

    public bool CanRun(StepDefinition step) => true;

    /// <summary>The runner is its own session, so that what a test told it holds across runs.</summary>
    public IStepRunnerSession Begin(PipelineDefinition pipeline) => this;

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        _started.Enqueue(step.Id);
        var attempt = _started.Count(id => id == step.Id);
        var atOnce = Interlocked.Increment(ref _atOnce);
        int exitCode;
        try
        {
            InterlockedMax(ref _mostAtOnce, atOnce);
            if (_duration > TimeSpan.Zero)
            {
                await Task.Delay(_duration, cancellationToken).ConfigureAwait(false);
            }

            exitCode = _behaviours.TryGetValue(step.Id, out var behaviour)
                ? await behaviour(attempt, cancellationToken).ConfigureAwait(false)
                : 0;
        }
        finally
        {
            Interlocked.Decrement(ref _atOnce);
        }

        if (exitCode == 0)
        {
            foreach (var output in step.Outputs)
            {
                var path = execution.Layout.FullPath(output.Path);
                if (output.IsFolder)
                {
                    Directory.CreateDirectory(path);
                    File.WriteAllText(Path.Combine(path, "part.txt"), step.Id);
                }
                else
                {
                    File.WriteAllText(path, step.Id);
                }
            }
        }

        return new StepExecutionResult(exitCode);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
