using System.Reflection;
using System.Runtime.InteropServices;
using PipelineBuild.Sdk;

namespace PipelineBuild.TaskHost;

/// <summary>
/// <c>run</c>: loads the task (from its project's assembly, else the built-in tasks), runs it with the
/// step's context, writes its metrics and the result file. SIGTERM (how the tool stops a step) cancels
/// the task's token; the tool kills the process group if the task does not stop in time.
/// </summary>
internal static class TaskExecution
{
    /// <param name="unloaded">Told of the task's load context once it is unloaded (a kept host watches it go).</param>
    public static async Task<int> RunAsync(string requestPath, UnloadWatch? unloaded = null)
    {
        TaskRequest request;
        try
        {
            request = TaskRequest.Read(requestPath);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or KeyNotFoundException or TaskHostException)
        {
            Console.Error.WriteLine($"task host: cannot read the request {requestPath}: {e.Message}");
            return HostExitCodes.Usage;
        }

        using var cancellation = new CancellationTokenSource();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        var log = TaskLog.Console;
        TaskLoadContext? loadContext = null;
        try
        {
            var (type, context) = Resolve(request);
            loadContext = context;
            var task = (IPipelineTask)Activator.CreateInstance(type)!;
            var stepContext = new StepContext
            {
                StepId = request.StepId,
                Workspace = request.Workspace,
                Inputs = request.Inputs,
                Outputs = request.Outputs,
                Params = request.Params,
                With = request.With,
                Log = log,
                CancellationToken = cancellation.Token,
            };
            Directory.SetCurrentDirectory(request.Workspace);
            using (loadContext?.EnterContextualReflection())
            {
                await task.RunAsync(stepContext, cancellation.Token).ConfigureAwait(false);
            }

            MetricsWriter.Write(request, stepContext.Metrics, log);
            TaskResultFile.Write(request.ResultPath, "succeeded", null);
            return HostExitCodes.Succeeded;
        }
        catch (TaskHostException e)
        {
            TaskResultFile.Write(request.ResultPath, "failed", e.Message);
            return HostExitCodes.LoadFailed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            TaskResultFile.Write(request.ResultPath, "cancelled", "cancelled");
            return HostExitCodes.Cancelled;
        }
        catch (Exception e) when (Unwrap(e) is ServiceUnavailableException unavailable)
        {
            TaskResultFile.Write(request.ResultPath, "unavailable", $"task '{request.Task}': {unavailable.Message}");
            return HostExitCodes.TaskFailed;
        }
        catch (Exception e)
        {
            var error = Unwrap(e);
            // The console gets the message; the stack trace goes to the step's log only.
            TaskResultFile.Write(request.ResultPath, "failed", $"task '{request.Task}' threw {error.GetType().Name}: {error.Message}", error.ToString());
            return HostExitCodes.TaskFailed;
        }
        finally
        {
            if (loadContext is not null)
            {
                loadContext.Unload();
                unloaded?.Add(loadContext);
            }
        }

        void Cancel(PosixSignalContext signal)
        {
            signal.Cancel = true;
            cancellation.Cancel();
        }
    }

    private static (Type Type, TaskLoadContext? Context) Resolve(TaskRequest request)
    {
        TaskLoadContext? context = null;
        if (request.Assembly is { } path)
        {
            context = new TaskLoadContext(path);
            var assembly = context.LoadFromAssemblyPath(path);
            SdkCompatibility.Check(assembly);
            if (TaskCatalog.Of(assembly).Tasks.TryGetValue(request.Task, out var type))
            {
                return (type, context);
            }
        }

        var builtIn = TaskCatalog.Of(typeof(Tasks.BuiltInTasks).Assembly);
        if (builtIn.Tasks.TryGetValue(request.Task, out var builtInType))
        {
            return (builtInType, context);
        }

        context?.Unload();
        throw new TaskHostException($"no task is named '{request.Task}' in {request.Assembly ?? "the built-in tasks"}");
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => e,
    };
}
