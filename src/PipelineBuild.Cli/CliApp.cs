using System.CommandLine;
using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Commands;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Guidance;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli;

/// <summary>The <c>dotnet pipeline</c> command line: thin commands over PipelineBuild.Core.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        PhaseTimings.Mark("main");
        var root = new RootCommand("PipelineBuild: declarative, incremental ML pipelines. Docs: https://github.com/pipelinebuild/pipelinebuild");
        root.Options.Add(CommonOptions.Verbose);
        root.Options.Add(CiOptions.Provider);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(GraphCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(CiCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(EnvCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(CacheCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        root.Subcommands.Add(ShutdownCommand.Create());
        root.Subcommands.Add(FsJournalCommand.Create());
        foreach (var history in new[] { RunsCommand.Create(), CompareCommand.Create(), MetricsCommand.Create(), ParamsCommand.Create(), ArtifactsCommand.Create(), LineageCommand.Create(), ReproduceCommand.Create(), ReportCommand.Create(), PlotsCommand.Create(), UiCommand.Create(), ExperimentCommand.Create() })
        {
            history.Options.Add(WorkspaceLocator.Directory);
            root.Subcommands.Add(history);
        }

        // No arguments: the help, as git and dotnet print it, rather than "Required command was not provided".
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        PhaseTimings.Mark("parse");
        var problems = ParseErrorText.Lines(parse).ToList();
        if (problems.Count > 0)
        {
            foreach (var line in problems)
            {
                await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }

        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            using var help = new StringWriter();
            parse.Invoke(new InvocationConfiguration { Output = help });
            await Console.Out.WriteAsync(HelpText.Polish(help.ToString(), root)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        using var signals = SignalExit.Install();
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (PipelineValidationException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            CiDiagnostics.Write(CiOptions.Resolve(parse, CiEnvironment.FromProcess()), Console.Out, e.Diagnostics);
            return e.ExitCode;
        }
        catch (PipelineException e)
        {
            await Console.Error.WriteLineAsync(parse.GetValue(CommonOptions.Verbose) ? e.ToString() : e.Message).ConfigureAwait(false);
            CiDiagnostics.Write(CiOptions.Resolve(parse, CiEnvironment.FromProcess()), Console.Out, e);
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var detail = parse.GetValue(CommonOptions.Verbose) ? e.ToString() : $"{e.GetType().Name}: {e.Message} (run with --verbose for the stack trace)";
            await Console.Error.WriteLineAsync($"dotnet pipeline: internal error: {detail}; please report it with the command you ran").ConfigureAwait(false);
            return ExitCodes.StepFailed;
        }
    }
}
