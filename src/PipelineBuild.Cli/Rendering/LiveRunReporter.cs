using System.Collections.Concurrent;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using Spectre.Console;

namespace PipelineBuild.Cli.Rendering;

/// <summary>
/// For a person at a terminal: a live list of the running steps with spinners and elapsed time,
/// finished steps and step output scrolling above it, a summary at the end.
/// </summary>
internal sealed class LiveRunReporter : IRunReporter
{
    private readonly bool _verbose;
    private readonly ConcurrentDictionary<string, ProgressTask> _running = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<ProgressContext> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _display;
    private readonly RunProgress? _progress;
    private ProgressTask? _overall;

    public LiveRunReporter(bool verbose, RunProgress? progress = null)
    {
        _verbose = verbose;
        _progress = progress;
    }

    public void RunStarted(string runId, int stepCount)
    {
        _display = AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _started.TrySetResult(context);
                await _finished.Task.ConfigureAwait(false);
            });
        _progress?.Started(stepCount);
        _overall = Context()?.AddTask($"[grey]{Markup.Escape(_progress?.Describe() ?? $"{stepCount} steps")}[/]", maxValue: Math.Max(1, stepCount));
    }

    public void StepStarted(StepDefinition step, StepDecision decision)
    {
        _progress?.StepStarted(step.Id);
        var verb = decision is StepDecision.Restore ? "restoring" : "running";
        if (Context() is { } context)
        {
            _running[step.Id] = context.AddTask($"{Markup.Escape(step.Id)} [grey]{verb} ({Markup.Escape(ReasonText.Format(decision.Reason))})[/]", maxValue: 1);
        }
    }

    public void StepOutput(StepDefinition step, string line, bool isError) =>
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(step.Id)} |[/] {Markup.Escape(line)}");

    public void StepFinished(StepResult result)
    {
        _overall?.Increment(1);
        if (_progress is not null && _overall is not null)
        {
            _progress.StepFinished(result.Id);
            _overall.Description = $"[grey]{Markup.Escape(_progress.Describe())}[/]";
        }

        if (_running.TryRemove(result.Id, out var task))
        {
            task.Increment(1);
            task.StopTask();
        }

        var line = StepLines.Finished(result, _verbose);
        if (line is not null)
        {
            var color = result.State switch
            {
                StepState.Failed or StepState.Cancelled => "red",
                StepState.Restored => "blue",
                StepState.Ran => "green",
                _ => "grey",
            };
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
        }
    }

    public void Warning(string message) => AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");

    public void Note(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    public async Task CompleteAsync(RunReport report)
    {
        await StopDisplayAsync().ConfigureAwait(false);
        RunSummary.Write(Console.Out, report);
        if (_progress is not null)
        {
            SlowestSteps.Write(Console.Out, report);
        }
    }

    public async ValueTask DisposeAsync() => await StopDisplayAsync().ConfigureAwait(false);

    private ProgressContext? Context() =>
        _display is null ? null : _started.Task.Wait(TimeSpan.FromSeconds(5)) ? _started.Task.Result : null;

    private async Task StopDisplayAsync()
    {
        _finished.TrySetResult();
        if (_display is not null)
        {
            await _display.ConfigureAwait(false);
        }
    }
}
