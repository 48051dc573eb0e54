using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Cli.Rendering;

/// <summary>An observer that only passes warnings on; for previews.</summary>
internal sealed class SilentObserver : IRunObserver
{
    public void RunStarted(string runId, int stepCount)
    {
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
    }

    public void StepOutput(StepDefinition step, string line, bool isError)
    {
    }

    public void StepFinished(StepResult result)
    {
    }

    public void Warning(string message) => Console.Error.WriteLine(message);
}
