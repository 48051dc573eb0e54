using System.Text;

namespace PipelineBuild.Cli.Ci.Generation;

/// <summary>
/// An Azure Pipelines file for one pipeline: checkout, .NET, the tool, the pipeline cache (Cache@2,
/// keyed on the lock file, saved by the task's post-job step), the run, JUnit results, logs and artifacts.
/// </summary>
internal static class AzurePipelineGenerator
{
    public static string Generate(CiFileSpec spec)
    {
        var y = new StringBuilder();
        GitHubWorkflowGenerator.Header(y, spec);
        var branch = YamlText.Scalar(spec.Branch);
        y.Append("trigger:\n  branches:\n    include: [").Append(branch).Append("]\n");
        y.Append("\npr:\n  branches:\n    include: [").Append(branch).Append("]\n");
        if (spec.Schedules.Count > 0)
        {
            y.Append("\nschedules:\n");
            foreach (var cron in spec.Schedules)
            {
                y.Append("  - cron: ").Append(YamlText.Scalar(cron)).Append('\n');
                y.Append("    displayName: ").Append(YamlText.Scalar($"Scheduled run of {spec.PipelineName}")).Append('\n');
                y.Append("    branches:\n      include: [").Append(branch).Append("]\n");
                // Retraining is due even when no commit came in: new data, drift.
                y.Append("    always: true\n");
            }
        }

        y.Append("\npool:\n  vmImage: ubuntu-latest\n\nsteps:\n  - checkout: self\n");
        y.Append("  - task: UseDotNet@2\n    displayName: Set up .NET\n    inputs:\n      packageType: sdk\n");
        y.Append(spec.GlobalJson is not null ? "      useGlobalJson: true\n" : $"      version: {YamlText.Scalar(spec.DotnetVersion)}\n");

        string tool;
        if (spec.ToolProject is { } project)
        {
            y.Append("  - bash: dotnet build ").Append(GitHubWorkflowGenerator.Shell(project)).Append(" -c Release -o \"$(Agent.TempDirectory)/pipelinebuild\"\n");
            y.Append("    displayName: Build PipelineBuild from source\n");
            tool = "dotnet \"$(Agent.TempDirectory)/pipelinebuild/dotnet-pipeline.dll\"";
        }
        else
        {
            y.Append("  - bash: |\n      dotnet tool install PipelineBuild.Tool --version ").Append(GitHubWorkflowGenerator.Shell(spec.ToolVersion));
            if (spec.ToolSource is { } source)
            {
                y.Append(" --add-source ").Append(GitHubWorkflowGenerator.Shell(source));
            }

            y.Append(" --tool-path \"$(Agent.TempDirectory)/pipelinebuild\"\n");
            y.Append("      echo \"##vso[task.prependpath]$(Agent.TempDirectory)/pipelinebuild\"\n");
            y.Append("    displayName: Install PipelineBuild\n");
            tool = "dotnet-pipeline";
        }

        var prefix = $"{spec.CacheKeyPrefix} | \"$(Agent.OS)\"";
        y.Append("  - task: Cache@2\n    displayName: Pipeline cache\n    inputs:\n");
        y.Append("      key: ").Append(YamlText.Scalar($"{prefix} | {spec.CacheKeyFile}")).Append('\n');
        y.Append("      restoreKeys: ").Append(YamlText.Scalar(prefix)).Append('\n');
        y.Append("      path: ").Append(YamlText.Scalar($"$(Build.SourcesDirectory)/{spec.StateFolder}")).Append('\n');

        y.Append("  - bash: ").Append(tool).Append(" run ").Append(GitHubWorkflowGenerator.Shell(spec.PipelineFile))
            .Append(" --report \"$(Agent.TempDirectory)/pipeline-report.json\" --junit \"$(Agent.TempDirectory)/pipeline-junit.xml\" --html \"$(Agent.TempDirectory)/pipeline-report.html\"\n");
        y.Append("    displayName: Run the pipeline\n    name: pipeline\n");

        y.Append("  - task: PublishTestResults@2\n    displayName: Publish step results\n    condition: succeededOrFailed()\n    inputs:\n");
        y.Append("      testResultsFormat: JUnit\n      testResultsFiles: '$(Agent.TempDirectory)/pipeline-junit.xml'\n");
        y.Append("      testRunTitle: ").Append(YamlText.Scalar($"pipeline {spec.PipelineName}")).Append('\n');
        y.Append("  - task: PublishPipelineArtifact@1\n    displayName: Publish the logs\n    condition: succeededOrFailed()\n    continueOnError: true\n    inputs:\n");
        y.Append("      targetPath: ").Append(YamlText.Scalar($"$(Build.SourcesDirectory)/{spec.StateFolder}/logs")).Append('\n');
        y.Append("      artifact: ").Append(YamlText.Scalar($"pipeline-{spec.PipelineName}-logs")).Append('\n');
        foreach (var (name, path) in spec.Artifacts)
        {
            y.Append("  - task: PublishPipelineArtifact@1\n    displayName: ").Append(YamlText.Scalar($"Publish artifact {name}")).Append("\n    inputs:\n");
            y.Append("      targetPath: ").Append(YamlText.Scalar($"$(Build.SourcesDirectory)/{path}")).Append('\n');
            y.Append("      artifact: ").Append(YamlText.Scalar(name)).Append('\n');
        }

        return y.ToString();
    }
}
