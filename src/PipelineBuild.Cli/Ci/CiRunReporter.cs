using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// The run as a CI log: one collapsible group per step that runs or restores, an error annotation on
/// the step's YAML line when it fails, and at the end the job summary and outputs.
/// Steps run in parallel but groups cannot interleave, so one step at a time owns the log and streams
/// live; the output of the others is held (up to <see cref="MaxHeldLines"/> lines each; all of it is in
/// the step's log file) and written as a whole group when the owner's group closes.
/// Workflow commands are suspended inside a group (where the system can), so a step cannot inject them;
/// the tool's own commands wait until no group is open.
/// </summary>
internal sealed class CiRunReporter : IRunReporter, IHtmlReportSink
{
    public const int MaxHeldLines = 5000;

    private readonly ICiProvider _ci;
    private readonly TextWriter _out;
    private readonly bool _verbose;
    private readonly PipelineDefinition _pipeline;
    private readonly string _token;
    private readonly Lock _gate = new();
    private readonly List<StepGroup> _waiting = [];
    private readonly List<Action> _deferred = [];
    private StepGroup? _open;
    private string? _htmlReport;

    public CiRunReporter(ICiProvider ci, TextWriter output, PipelineDefinition pipeline, bool verbose, string? token = null)
    {
        _ci = ci;
        _out = output;
        _pipeline = pipeline;
        _verbose = verbose;
        _token = token ?? Guid.NewGuid().ToString("N");
    }

    public void RunStarted(string runId, int stepCount)
    {
        if (_verbose)
        {
            lock (_gate)
            {
                _out.WriteLine($"run {runId}: {stepCount} steps");
            }
        }
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
        var title = decision is StepDecision.Restore
            ? $"↺ {step.Id}: restoring from cache ({ReasonText.Format(decision.Reason)})"
            : $"▶ {step.Id}: running ({ReasonText.Format(decision.Reason)})";
        lock (_gate)
        {
            var group = new StepGroup(step.Id, title);
            if (_open is null)
            {
                Open(group);
            }
            else
            {
                _waiting.Add(group);
            }
        }
    }

    public void StepOutput(StepDefinition step, string line, bool isError)
    {
        lock (_gate)
        {
            if (_open?.Id == step.Id)
            {
                _out.WriteLine(_ci.StepLine(line));
            }
            else if (_waiting.Find(g => g.Id == step.Id) is { } group)
            {
                group.Hold(line);
            }
            else
            {
                _out.WriteLine(_ci.StepLine($"[{step.Id}] {line}"));
            }
        }
    }

    public void StepFinished(StepResult result)
    {
        lock (_gate)
        {
            if (_open?.Id == result.Id)
            {
                Close(_open, result);
                _open = null;
                FlushFinished();
                OpenNext();
            }
            else if (_waiting.Find(g => g.Id == result.Id) is { } group)
            {
                group.Result = result;
            }
            else if (_open is null)
            {
                WriteFinished(result);
            }
            else
            {
                _deferred.Add(() => WriteFinished(result));
            }
        }
    }

    public void Warning(string message)
    {
        Console.Error.WriteLine(message);
        Command(() => _out.WriteLine(_ci.Warning(message)));
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            _out.WriteLine(message);
        }
    }

    public void HtmlReportWritten(string htmlFile) => _htmlReport = htmlFile;

    public Task CompleteAsync(RunReport report)
    {
        lock (_gate)
        {
            while (_open is not null || _waiting.Count > 0)
            {
                // Steps that never finished (cancelled runs): close what is open so the log stays well formed.
                if (_open is not null)
                {
                    CloseGroup(_open);
                    _open = null;
                }

                FlushFinished();
                OpenNext();
            }

            FlushDeferred();
            RunSummary.Write(_out, report);
            foreach (var problem in report.Problems)
            {
                _out.WriteLine(_ci.Error(problem.Message, null, null));
            }

            var reportLine = _htmlReport is null ? null : _ci.PublishReport(_out, _htmlReport, _pipeline.Name);
            _ci.PublishSummary(_out, JobSummary.Render(report, reportLine), new WorkspaceLayout(_pipeline.WorkspaceRoot).StateFolder, report.RunId);
            _ci.PublishOutputs(_out, RunOutputs.Of(report));
            if (report.Status != RunStatus.Succeeded)
            {
                _ci.RunFailed(_out, $"pipeline {report.Pipeline} {report.Status.ToString().ToLowerInvariant()}: {report.Count(StepState.Failed)} step(s) failed");
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Open(StepGroup group)
    {
        _out.WriteLine(_ci.BeginGroup(group.Title));
        WriteIfAny(_ci.SuspendCommands(_token));
        group.WriteHeld(_out, _ci);
        _open = group;
    }

    private void OpenNext()
    {
        var next = _waiting.Find(g => g.Result is null);
        if (next is not null)
        {
            _waiting.Remove(next);
            Open(next);
        }
    }

    private void Close(StepGroup group, StepResult result)
    {
        CloseGroup(group);
        WriteFinished(result);
    }

    private void CloseGroup(StepGroup group)
    {
        if (group.Dropped > 0)
        {
            _out.WriteLine($"… {group.Dropped} more lines in the step's log file");
        }

        WriteIfAny(_ci.ResumeCommands(_token));
        _out.WriteLine(_ci.EndGroup());
        FlushDeferred();
    }

    /// <summary>Groups of steps that finished while another group was open, in the order they started.</summary>
    private void FlushFinished()
    {
        foreach (var group in _waiting.Where(g => g.Result is not null).ToList())
        {
            _waiting.Remove(group);
            _out.WriteLine(_ci.BeginGroup(group.Title));
            WriteIfAny(_ci.SuspendCommands(_token));
            group.WriteHeld(_out, _ci);
            Close(group, group.Result!);
        }
    }

    private void WriteFinished(StepResult result)
    {
        var line = StepLines.Finished(result, _verbose);
        if (line is not null)
        {
            _out.WriteLine(line);
        }

        if (result.State == StepState.Failed)
        {
            var step = _pipeline.Steps.FirstOrDefault(s => s.Id == result.Id);
            var message = $"step {result.Id} failed: {result.Error}";
            if (result.ErrorTail is { Count: > 0 } tail)
            {
                message += "\n" + string.Join('\n', tail);
            }

            _out.WriteLine(_ci.Error(message, step?.Location, $"step {result.Id} failed"));
        }
    }

    private void Command(Action write)
    {
        lock (_gate)
        {
            if (_open is null)
            {
                write();
            }
            else
            {
                _deferred.Add(write);
            }
        }
    }

    private void FlushDeferred()
    {
        foreach (var write in _deferred)
        {
            write();
        }

        _deferred.Clear();
    }

    private void WriteIfAny(string? line)
    {
        if (line is not null)
        {
            _out.WriteLine(line);
        }
    }

    private sealed class StepGroup(string id, string title)
    {
        private readonly List<string> _held = [];

        public string Id { get; } = id;

        public string Title { get; } = title;

        public StepResult? Result { get; set; }

        public int Dropped { get; private set; }

        public void Hold(string line)
        {
            if (_held.Count < MaxHeldLines)
            {
                _held.Add(line);
            }
            else
            {
                Dropped++;
            }
        }

        public void WriteHeld(TextWriter output, ICiProvider ci)
        {
            foreach (var line in _held)
            {
                output.WriteLine(ci.StepLine(line));
            }

            _held.Clear();
        }
    }
}
