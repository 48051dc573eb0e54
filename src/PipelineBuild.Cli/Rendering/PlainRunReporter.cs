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

    public PlainRunReporter(TextWriter output, bool verbose)
    {
        _out = output;
        _verbose = verbose;
    }

    public void RunStarted(string runId, int stepCount)
    {
        if (_verbose)
        {
            _out.WriteLine($"run {runId}: {stepCount} steps");
        }
    }

    public void StepStarted(StepDefinition step, StepDecision decision) =>
        _out.WriteLine(decision is StepDecision.Restore
            ? $"↺ {step.Id}: restoring from cache ({decision.Describe()})"
            : $"▶ {step.Id}: running ({decision.Describe()})");

    public void StepOutput(StepDefinition step, string line, bool isError) => _out.WriteLine($"[{step.Id}] {line}");

    public void StepFinished(StepResult result)
    {
        var line = StepLines.Finished(result, _verbose);
        if (line is not null)
        {
            _out.WriteLine(line);
        }
    }

    public void Warning(string message) => Console.Error.WriteLine(message);

    public void Note(string message) => _out.WriteLine(message);

    public Task CompleteAsync(RunReport report)
    {
        RunSummary.Write(_out, report);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
