using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Kubernetes.Export;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline export --format argo|kubernetes</c>: the selected container steps as an Argo Workflow
/// or as plain Job manifests, YAML on stdout or in <c>--output</c>. Nothing is written when a step cannot be exported.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var parameters = CommonOptions.Param();
        var paramsFile = CommonOptions.ParamsFile();
        var format = new Option<string>("--format") { Description = "argo (a Workflow with a DAG) or kubernetes (batch/v1 Jobs)", Required = true };
        format.AcceptOnlyFromAmong("argo", "kubernetes");
        var stages = new Option<string[]>("--stage") { Description = "Export only this stage and what it needs (repeatable)" };
        var steps = new Option<string[]>("--step") { Description = "Export only this step (stage.step) and what it needs (repeatable)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML to this file instead of the console" };
        var images = new Option<string[]>("--image") { Description = "The pushed reference of an image built from the repository: NAME=REFERENCE (repeatable)" };
        var @namespace = new Option<string?>("--namespace") { Description = "The namespace of the Jobs or Workflow (default: default)" };
        var serviceAccount = new Option<string?>("--service-account") { Description = "The service account the pods run as" };
        var nodeSelectors = new Option<string[]>("--node-selector") { Description = "A node label the pods require: KEY=VALUE (repeatable)" };
        var tolerations = new Option<string[]>("--toleration") { Description = "A taint the pods tolerate: KEY=VALUE:EFFECT or KEY:EFFECT (repeatable)" };
        var pullSecrets = new Option<string[]>("--image-pull-secret") { Description = "A Secret to pull the images with (repeatable)" };
        var ttl = new Option<int?>("--ttl") { Description = "Seconds the cluster keeps a finished Job (ttlSecondsAfterFinished, default 600)" };
        var claim = new Option<string?>("--workspace-claim") { Description = "A PersistentVolumeClaim holding the workspace, mounted at /workspace in every pod" };
        var secretName = new Option<string?>("--secret-name") { Description = "The Secret holding the steps' secret variables, one key per variable" };
        var command = new Command("export", "Write the pipeline's container steps as an Argo Workflow or Kubernetes Jobs")
        {
            file, format, stages, steps, parameters, paramsFile, output, images, @namespace, serviceAccount, nodeSelectors, tolerations, pullSecrets, ttl, claim, secretName,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output);
            OutputPath.RequireFile("--output", target);
            var settings = KubernetesSettingsReader.Read(
                parse.GetValue(@namespace),
                parse.GetValue(serviceAccount),
                parse.GetValue(nodeSelectors) ?? [],
                parse.GetValue(tolerations) ?? [],
                parse.GetValue(pullSecrets) ?? [],
                parse.GetValue(ttl),
                parse.GetValue(claim),
                parse.GetValue(secretName));
            var references = ImageOverrides.Parse(parse.GetValue(images) ?? []);
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), parse.GetValue(parameters), parse.GetValue(paramsFile));
            var selection = StepSelector.Select(graph, parse.GetValue(stages) ?? [], parse.GetValue(steps) ?? [], []);
            var plan = ExportPlan.Make(pipeline, selection, references);
            var yaml = ManifestWriter.Write(plan, parse.GetValue(format) == "argo" ? ExportFormat.Argo : ExportFormat.Kubernetes, settings);
            if (target is null)
            {
                Console.Out.Write(yaml);
            }
            else
            {
                AtomicFile.WriteAllText(target, yaml);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
