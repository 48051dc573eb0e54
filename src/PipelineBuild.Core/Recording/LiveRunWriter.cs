using System.Text.Json;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Recording;

/// <summary>
/// Keeps <c>.pipeline/logs/&lt;run&gt;/live.json</c> (read by <c>ui</c>) current while a run goes, then forwards
/// every event to the run's own observer. The file is rewritten atomically at most every
/// <see cref="MinInterval"/> (a timer writes what the last events left), first when a step starts, so a
/// no-op run writes nothing; it names this process (id and start time) so that a reader can tell a run
/// killed with -9 from a live one. Disposing deletes it: by then the run is in <c>runs.db</c>.
/// </summary>
public sealed class LiveRunWriter : IRunObserver, IDisposable
{
    public const string FileName = "live.json";
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private readonly IRunObserver _inner;
    private readonly WorkspaceLayout _layout;
    private readonly string _pipeline;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly List<LiveStep> _steps = [];
    private readonly Timer _timer;
    private string? _path;
    private string _runId = "";
    private int _stepCount;
    private DateTimeOffset _startedAt;
    private bool _dirty;
    private bool _timerArmed;
    private bool _disposed;

    public LiveRunWriter(IRunObserver inner, WorkspaceLayout layout, string pipeline, TimeProvider? clock = null)
    {
        _inner = inner;
        _layout = layout;
        _pipeline = pipeline;
        _clock = clock ?? TimeProvider.System;
        _timer = new Timer(_ => Flush());
    }

    public void RunStarted(string runId, int stepCount)
    {
        lock (_gate)
        {
            _runId = runId;
            _stepCount = stepCount;
            _startedAt = _clock.GetUtcNow();
        }

        _inner.RunStarted(runId, stepCount);
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
        lock (_gate)
        {
            _steps.Add(new LiveStep(step.Id, decision is StepDecision.Restore ? "restoring" : "running", ReasonText.Format(decision.Reason), _clock.GetUtcNow(), null));
            Changed();
        }

        _inner.StepStarted(step, decision);
    }

    public void StepOutput(StepDefinition step, string line, bool isError) => _inner.StepOutput(step, line, isError);

    public void StepFinished(StepResult result)
    {
        lock (_gate)
        {
            var index = IndexOf(result.Id);
            var state = StepStateNames.Of(result.State);
            if (index >= 0)
            {
                _steps[index] = _steps[index] with { State = state, Reason = ReasonText.Format(result.Reason), Seconds = result.Duration.TotalSeconds };
                Changed();
            }
            else if (result.State is not StepState.UpToDate)
            {
                // Skipped and cancelled steps never started; an up-to-date one is not news.
                _steps.Add(new LiveStep(result.Id, state, ReasonText.Format(result.Reason), _clock.GetUtcNow(), result.Duration.TotalSeconds));
                Changed();
            }
        }

        _inner.StepFinished(result);
    }

    public void Warning(string message) => _inner.Warning(message);

    // A loop, not FindIndex with a lambda over the result: a closure for every step of every run.
    private int IndexOf(string id)
    {
        for (var i = 0; i < _steps.Count; i++)
        {
            if (_steps[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    public void Note(string message) => _inner.Note(message);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
        if (_path is not null)
        {
            AtomicFile.TryDelete(_path);
        }
    }

    private void Changed()
    {
        _dirty = true;
        if (!_timerArmed && !_disposed)
        {
            // The first change is written at once, later ones at most every MinInterval.
            _timerArmed = true;
            _timer.Change(_path is null ? TimeSpan.Zero : MinInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Writes the file now if anything changed since the last write (the timer's work).</summary>
    internal void Flush()
    {
        lock (_gate)
        {
            _timerArmed = false;
            if (!_dirty || _disposed || _runId.Length == 0)
            {
                return;
            }

            _dirty = false;
            _path ??= Path.Combine(_layout.LogsFolder, _runId, FileName);
            try
            {
                AtomicFile.Write(_path, Write);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only ui reads it: a run never fails for it.
            }
        }
    }

    private void Write(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("run", _runId);
        writer.WriteString("pipeline", _pipeline);
        writer.WriteNumber("pid", Environment.ProcessId);
        writer.WriteNumber("pidStart", ProcessIdentity.OfCurrentProcess() ?? 0);
        writer.WriteString("startedAt", _startedAt);
        writer.WriteNumber("stepCount", _stepCount);
        writer.WriteStartArray("steps");
        foreach (var step in _steps)
        {
            writer.WriteStartObject();
            writer.WriteString("id", step.Id);
            writer.WriteString("state", step.State);
            writer.WriteString("reason", step.Reason);
            writer.WriteString("startedAt", step.StartedAt);
            if (step.Seconds is { } seconds)
            {
                writer.WriteNumber("seconds", Math.Round(seconds, 3));
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
