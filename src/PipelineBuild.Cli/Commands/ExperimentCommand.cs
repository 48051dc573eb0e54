using System.CommandLine;
using System.Globalization;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Experiments;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Experiments;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline exp run|show|apply|remove</c>: experiments over params, compared in one table.</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var command = new Command("exp", "Run experiments over params, compare them, apply the best") { CreateRun(), CreateShow(), CreateApply(), CreateRemove() };
        return command;
    }

    private static Command CreateRun()
    {
        var file = CommonOptions.File();
        var setParams = new Option<string[]>("--set-param", "-S") { Description = "Set a param for every experiment: -S train.lr=0.1 (repeatable)" };
        var grid = new Option<string[]>("--grid") { Description = "Params to vary, one experiment per combination: --grid 'train.lr=0.01,0.1;train.depth=3,5'" };
        var paramsFile = CommonOptions.ParamsFile();
        var name = new Option<string?>("--name", "-n") { Description = "The experiment's name; with a grid, NAME-1, NAME-2… (default: exp-<UTC time>)" };
        var queue = new Option<bool>("--queue") { Description = "Run the experiments one after the other (as --jobs 1)" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Experiments to run at once", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "Run the pipeline once per param combination, each in its own copy of the workspace; the workspace is not changed")
        {
            file, setParams, grid, paramsFile, name, queue, jobs,
        };
        command.SetAction(async (parse, _) =>
        {
            var jobCount = parse.GetValue(queue) ? 1 : parse.GetValue(jobs);
            if (jobCount < 1)
            {
                throw new PipelineException(PipelineDiagnostic.Error(ToolCodes.BadCount, SourceLocation.None("--jobs"), $"{jobCount} is not a valid number of jobs", "give 1 or more"), ExitCodes.InvalidInput);
            }

            var paramGrid = ParamGrid.Parse(parse.GetValue(setParams) ?? [], parse.GetValue(grid) ?? []);
            var combinations = paramGrid.Combinations();
            var names = Names(parse.GetValue(name), combinations.Count);
            var paramsPath = parse.GetValue(paramsFile) is { } given ? Path.GetFullPath(given) : null;
            var plan = new ExperimentPlan(
                parse.GetValue(file),
                paramsPath,
                names.Zip(combinations, (n, c) => new KeyValuePair<string, IReadOnlyList<string>>(n, c)).ToList(),
                paramGrid.VariedNames,
                jobCount,
                parse.GetValue(CommonOptions.Verbose));
            return await new ExperimentRunner(plan).RunAsync().ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateShow()
    {
        var json = CommonOptions.Json();
        var sortBy = new Option<string?>("--sort-by") { Description = "Sort by this metric and mark the best experiment" };
        var order = new Option<string>("--sort-order") { Description = "desc: higher is better; asc: lower is better", DefaultValueFactory = _ => "desc" };
        order.AcceptOnlyFromAmong("desc", "asc");
        var command = new Command("show", "Show the experiments: params that differ and metrics, one row each") { json, sortBy, order };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var runs = store?.Experiments() ?? [];
            if (runs.Count == 0 && !parse.GetValue(json))
            {
                Console.WriteLine("no experiments recorded yet; 'dotnet pipeline exp run --grid ...' runs some");
                return ExitCodes.Success;
            }

            var table = ExperimentTable.Build(runs, parse.GetValue(sortBy), string.Equals(parse.GetValue(order), "asc", StringComparison.Ordinal));
            if (parse.GetValue(json))
            {
                table.WriteJson();
            }
            else
            {
                table.Write(Console.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateApply()
    {
        var experiment = new Argument<string>("NAME") { Description = "The experiment (see 'dotnet pipeline exp show')" };
        var command = new Command("apply", "Bring an experiment's params into the workspace and its outputs from the cache") { experiment };
        command.SetAction(async (parse, _) =>
        {
            var layout = WorkspaceLocator.Find(parse);
            RunRecord run;
            using (var store = RunStore.OpenExisting(layout.RunsDatabase))
            {
                run = Find(store?.Experiments() ?? [], parse.GetValue(experiment)!);
            }

            var pipelineFile = layout.FullPath(run.PipelineFile ?? "pipeline.yaml");
            var (current, _) = PipelineOpener.Open(pipelineFile, [], null);
            var now = ParamValues.Of(current.Params).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var changes = run.Params.Where(p => now.TryGetValue(p.Key, out var value) && !string.Equals(value, p.Value, StringComparison.Ordinal))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            foreach (var missing in ExperimentParams.Write(current.FilePath, layout, changes))
            {
                await Console.Error.WriteLineAsync($"warning: param '{missing}' is not a plain value in the params; set it to {changes[missing]} by hand").ConfigureAwait(false);
            }

            Console.WriteLine(changes.Count == 0 ? $"{run.Experiment}: the params are already the experiment's" : $"{run.Experiment}: set {string.Join(", ", changes.Select(c => $"{c.Key}={c.Value}"))}");
            var (pipeline, graph) = PipelineOpener.Open(pipelineFile, [], null);
            return await RunCommand.ExecuteAsync(pipeline, graph, new Core.Execution.RunOptions(), new RunCommand.RunOutputFiles(null, null, null), null, parse.GetValue(CommonOptions.Verbose)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var experiments = new Argument<string[]>("NAME") { Description = "The experiments to remove from the history", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove experiments from the run history (their cached outputs stay in the cache)") { experiments };
        command.SetAction(parse =>
        {
            using var store = RunHistory.TryOpen(parse);
            var known = store?.Experiments() ?? [];
            foreach (var name in parse.GetValue(experiments) ?? [])
            {
                Find(known, name);
                var removed = store!.RemoveExperiment(name);
                Console.WriteLine($"{name}: removed ({removed} run{(removed == 1 ? "" : "s")})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static RunRecord Find(IReadOnlyList<RunRecord> experiments, string name) =>
        experiments.FirstOrDefault(r => string.Equals(r.Experiment, name, StringComparison.Ordinal))
        ?? throw new PipelineException(
            ExperimentCodes.UnknownExperiment,
            $"{name}: error {ExperimentCodes.UnknownExperiment}: no experiment '{name}' is recorded; {(experiments.Count == 0 ? "run some with 'dotnet pipeline exp run'" : Suggestions.Hint(name, experiments.Select(r => r.Experiment!).ToArray(), "experiments"))}",
            ExitCodes.InvalidInput);

    private static IReadOnlyList<string> Names(string? given, int count)
    {
        var stem = given ?? "exp-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        if (stem.Length == 0 || !char.IsAsciiLetterLower(stem[0]) && !char.IsAsciiDigit(stem[0]) || !stem.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new PipelineException(
                ExperimentCodes.BadExperiment,
                $"--name: error {ExperimentCodes.BadExperiment}: '{stem}' is not a valid experiment name; use lower-case letters, digits, '-' and '_', starting with a letter or digit",
                ExitCodes.InvalidInput);
        }

        return count == 1 ? [stem] : Enumerable.Range(1, count).Select(i => $"{stem}-{i}").ToList();
    }
}
