using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>What a run tells its reporters (console, CI, JSON); called from several threads.</summary>
public interface IRunObserver
{
    void RunStarted(string runId, int stepCount);

    /// <summary>A step starts to run or to restore.</summary>
    void StepStarted(StepDefinition step, StepDecision decision);

    void StepOutput(StepDefinition step, string line, bool isError);

    void StepFinished(StepResult result);

    void Warning(string message);

    /// <summary>Something the run did besides steps (an image built or pulled, leftovers removed).</summary>
    void Note(string message)
    {
    }
}
