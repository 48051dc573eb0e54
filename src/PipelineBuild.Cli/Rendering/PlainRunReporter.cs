using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Rendering;

/// <summary>One line per event, prefixed with the step id: right for logs, pipes and CI.</summary>
internal sealed class PlainRunReporter : IRunReporter
{
    private readonly TextWriter _out;
    private readonly bool _verbose;
    private readonly RunProgress? _progress;

    public PlainRunReporter(TextWriter output, bool verbose, RunProgress? progress = null)
    {
        _out = output;
        _verbose = verbose;
        _progress = progress;
    }

    public void RunStarted(string runId, int stepCount)
    {
        _progress?.Started(stepCount);
        if (_verbose)
        {
            _out.WriteLine($"run {runId}: {stepCount} steps");
        }
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
        _progress?.StepStarted(step.Id);
        _out.WriteLine(decision is StepDecision.Restore
            ? $"↺ {step.Id}: restoring from cache ({ReasonText.Format(decision.Reason)})"
            : $"▶ {step.Id}: running ({ReasonText.Format(decision.Reason)})");
    }

    public void StepOutput(StepDefinition step, string line, bool isError) => _out.WriteLine($"[{step.Id}] {line}");

    public void StepFinished(StepResult result)
    {
        _progress?.StepFinished(result.Id);
        var line = StepLines.Finished(result, _verbose);
        if (line is not null)
        {
            _out.WriteLine(_progress is null ? line : $"{line} {_progress.Describe()}");
        }
    }

    public void Warning(string message) => Console.Error.WriteLine(message);

    public void Note(string message) => _out.WriteLine(message);

    public Task CompleteAsync(RunReport report)
    {
        RunSummary.Write(_out, report);
        if (_progress is not null)
        {
            SlowestSteps.Write(_out, report);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
