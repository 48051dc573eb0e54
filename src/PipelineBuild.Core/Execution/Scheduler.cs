using System.Threading.Channels;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Runs the graph: up to <see cref="RunOptions.Jobs"/> steps at once, longest path first. A step
/// starts only when its upstream has finished, so it is decided on its upstream's real outputs.
/// A step's slot is freed when its process ends well, while its outputs are still being stored
/// (at most as many steps again storing), so the next step's process is not kept waiting for that.
/// Fail-fast by default: after a failure nothing new starts and the rest is reported skipped;
/// with keep-going only what lies downstream of a failure is skipped.
/// </summary>
public sealed class Scheduler
{
    private readonly StepGraph _graph;
    private readonly StepWorker _worker;
    private readonly RunOptions _options;
    private readonly IRunObserver _observer;

    public Scheduler(StepGraph graph, StepWorker worker, RunOptions options, IRunObserver observer)
    {
        _graph = graph;
        _worker = worker;
        _options = options;
        _observer = observer;
    }

    public async Task<IReadOnlyList<StepResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, StepResult>(_graph.Steps.Count, StringComparer.Ordinal);
        // Sized up front: filled from LINQ, both grew (and rehashed) a dozen times for 1,000 steps.
        var waitingOn = new Dictionary<string, int>(_graph.Steps.Count, StringComparer.Ordinal);
        var order = new Dictionary<string, int>(_graph.Steps.Count, StringComparer.Ordinal);
        for (var i = 0; i < _graph.Steps.Count; i++)
        {
            var id = _graph.Steps[i].Id;
            waitingOn.Add(id, _graph.DependencyCountOf(id));
            order.Add(id, i);
        }

        var ready = new PriorityQueue<StepDefinition, (int, int)>();
        foreach (var step in _graph.Steps.Where(s => waitingOn[s.Id] == 0))
        {
            ready.Enqueue(step, Priority(step, order));
        }

        var events = Channel.CreateUnbounded<SchedulerEvent>();
        var jobs = Math.Max(1, _options.Jobs);
        var running = 0;
        var inFlight = 0;
        var recording = new HashSet<string>(StringComparer.Ordinal);
        string? stoppedBy = null;
        while (results.Count < _graph.Steps.Count)
        {
            var mayStart = stoppedBy is null && !cancellationToken.IsCancellationRequested;
            while (mayStart && running < jobs && inFlight < 2 * jobs && ready.TryPeek(out _, out var head)
                && !ADependentComesFirst(recording, head, results, order))
            {
                var next = ready.Dequeue();
                running++;
                inFlight++;
                var upstreamUpToDate = AllUpToDate(_graph.DependenciesOf(next.Id), results);
                if (TryUpToDateAtOnce(next, upstreamUpToDate) is { } atOnce)
                {
                    events.Writer.TryWrite(new SchedulerEvent(next.Id, atOnce));
                    continue;
                }

                _ = RunOneAsync(next, upstreamUpToDate, events.Writer, cancellationToken);
            }

            if (inFlight == 0)
            {
                SkipRemaining(results, stoppedBy, cancellationToken);
                break;
            }

            var message = await events.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (message.Result is not { } result)
            {
                // The step's process ended well; its outputs are being stored. Its slot goes to the next step now.
                running--;
                recording.Add(message.StepId);
                continue;
            }

            inFlight--;
            if (!recording.Remove(result.Id))
            {
                running--;
            }

            results[result.Id] = result;
            _observer.StepFinished(result);
            if (result.IsFailure)
            {
                SkipDownstream(result.Id, results);
                if (!_options.KeepGoing)
                {
                    stoppedBy ??= result.Id;
                }

                continue;
            }

            foreach (var dependent in _graph.DependentsOf(result.Id))
            {
                if (--waitingOn[dependent.Id] == 0 && !results.ContainsKey(dependent.Id))
                {
                    ready.Enqueue(dependent, Priority(dependent, order));
                }
            }
        }

        var inOrder = new StepResult[_graph.Steps.Count];
        for (var i = 0; i < inOrder.Length; i++)
        {
            inOrder[i] = results[_graph.Steps[i].Id];
        }

        return inOrder;
    }

    /// <summary>
    /// Whether a step whose outputs are still being stored will, once they are, make ready a dependant that goes before
    /// the best ready step (<paramref name="head"/>): the freed slot then waits for it, so the order is the one the
    /// finished results would give (longest path first), not whichever step happened to be ready a moment earlier.
    /// </summary>
    private bool ADependentComesFirst(HashSet<string> recording, (int, int) head, Dictionary<string, StepResult> results, Dictionary<string, int> order)
    {
        foreach (var id in recording)
        {
            foreach (var dependent in _graph.DependentsOf(id))
            {
                if (!results.ContainsKey(dependent.Id)
                    && Comparer<(int, int)>.Default.Compare(Priority(dependent, order), head) < 0
                    && _graph.DependenciesOf(dependent.Id).All(d => recording.Contains(d.Id) || results.ContainsKey(d.Id)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private (int, int) Priority(StepDefinition step, Dictionary<string, int> order) =>
        (-_graph.CriticalPathLength(step.Id), order[step.Id]);

    private static bool AllUpToDate(IReadOnlyList<StepDefinition> upstream, Dictionary<string, StepResult> results)
    {
        foreach (var step in upstream)
        {
            if (results[step.Id].State != StepState.UpToDate)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A step the plan found up to date, taken without a hop to the thread pool (<see cref="StepWorker.TryUpToDateAtOnce"/>).</summary>
    private StepResult? TryUpToDateAtOnce(StepDefinition step, bool upstreamUpToDate)
    {
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            return _worker.TryUpToDateAtOnce(step, upstreamUpToDate, startedAt);
        }
        catch (Exception e)
        {
            return Failed(step, e) with { StartedAt = startedAt };
        }
    }

    private async Task RunOneAsync(StepDefinition step, bool upstreamUpToDate, ChannelWriter<SchedulerEvent> events, CancellationToken cancellationToken)
    {
        StepResult result;
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            result = await Task.Run(() => _worker.ExecuteAsync(step, upstreamUpToDate, cancellationToken, () => events.TryWrite(new SchedulerEvent(step.Id, null))), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Never leave the scheduler waiting for a result that will not come.
            result = Failed(step, e);
        }

        events.TryWrite(new SchedulerEvent(step.Id, result with { StartedAt = startedAt }));
    }

    private static StepResult Failed(StepDefinition step, Exception e) => e is IOException or UnauthorizedAccessException
        ? new StepResult(step.Id, StepState.Failed, new StepReason(ReasonKind.ToolError), TimeSpan.Zero, null, Error: $"the tool could not write its state: {IoErrorText.DescribeWithPath(e)}; check free space and the permissions of the workspace's .pipeline folder")
        : new StepResult(step.Id, StepState.Failed, new StepReason(ReasonKind.InternalError), TimeSpan.Zero, null, Error: $"internal error: {e}");

    private void SkipDownstream(string failedId, Dictionary<string, StepResult> results)
    {
        var pending = new Stack<StepDefinition>(_graph.DependentsOf(failedId));
        while (pending.TryPop(out var step))
        {
            if (results.ContainsKey(step.Id))
            {
                continue;
            }

            var skipped = new StepResult(step.Id, StepState.Skipped, new StepReason(ReasonKind.UpstreamFailed, failedId), TimeSpan.Zero, null);
            results[step.Id] = skipped;
            _observer.StepFinished(skipped);
            foreach (var dependent in _graph.DependentsOf(step.Id))
            {
                pending.Push(dependent);
            }
        }
    }

    private void SkipRemaining(Dictionary<string, StepResult> results, string? stoppedBy, CancellationToken cancellationToken)
    {
        var reason = cancellationToken.IsCancellationRequested ? new StepReason(ReasonKind.RunCancelled) : new StepReason(ReasonKind.StoppedAfterFailure, stoppedBy ?? "");
        foreach (var step in _graph.Steps.Where(s => !results.ContainsKey(s.Id)))
        {
            var skipped = new StepResult(step.Id, StepState.Skipped, reason, TimeSpan.Zero, null);
            results[step.Id] = skipped;
            _observer.StepFinished(skipped);
        }
    }

    /// <summary>What a running step tells the scheduler: its result, or (no result yet) that its process ended well and its slot is free.</summary>
    private readonly record struct SchedulerEvent(string StepId, StepResult? Result);
}
