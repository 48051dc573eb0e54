using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Cli.Experiments;

/// <summary>Plain lines prefixed with the experiment's name: several experiments run at once.</summary>
internal sealed class ExperimentObserver : IRunObserver
{
    private static readonly Lock Gate = new();
    private readonly string _name;
    private readonly bool _verbose;

    public ExperimentObserver(string name, bool verbose)
    {
        _name = name;
        _verbose = verbose;
    }

    public void RunStarted(string runId, int stepCount) => Write($"{stepCount} steps (run {runId})");

    public void StepStarted(StepDefinition step, StepDecision decision) =>
        Write(decision is StepDecision.Restore ? $"↺ {step.Id}: restoring from cache ({ReasonText.Format(decision.Reason)})" : $"▶ {step.Id}: running ({ReasonText.Format(decision.Reason)})");

    public void StepOutput(StepDefinition step, string line, bool isError)
    {
        if (_verbose)
        {
            Write($"[{step.Id}] {line}");
        }
    }

    public void StepFinished(StepResult result)
    {
        if (StepLines.Finished(result, _verbose) is { } line)
        {
            Write(line);
        }
    }

    public void Warning(string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"[{_name}] {message}");
        }
    }

    public void Note(string message) => Write(message);

    public void Write(string line)
    {
        lock (Gate)
        {
            Console.WriteLine($"[{_name}] {line}");
        }
    }
}
