using System.Text;

namespace PipelineBuild.Cli.Ci.Generation;

/// <summary>
/// A GitHub Actions workflow for one pipeline: checkout, .NET, the tool, the pipeline cache
/// (restored by the lock file's hash, saved when that changed), the run, reports and artifacts.
/// </summary>
internal static class GitHubWorkflowGenerator
{
    public static string Generate(CiFileSpec spec)
    {
        var y = new StringBuilder();
        Header(y, spec);
        y.Append("name: ").Append(YamlText.Scalar($"pipeline {spec.PipelineName}")).Append('\n');
        y.Append("\non:\n  push:\n    branches: [").Append(YamlText.Scalar(spec.Branch)).Append("]\n");
        y.Append("  pull_request:\n  workflow_dispatch:\n");
        if (spec.Schedules.Count > 0)
        {
            y.Append("  schedule:\n");
            foreach (var cron in spec.Schedules)
            {
                y.Append("    - cron: ").Append(YamlText.Scalar(cron)).Append('\n');
            }
        }

        y.Append("\npermissions:\n  contents: read\n");
        y.Append("\njobs:\n  pipeline:\n    name: ").Append(YamlText.Scalar(spec.PipelineName)).Append('\n');
        y.Append("    runs-on: ubuntu-latest\n    steps:\n");
        y.Append("      - name: Check out\n        uses: actions/checkout@v4\n");
        y.Append("      - name: Set up .NET\n        uses: actions/setup-dotnet@v4\n        with:\n");
        y.Append(spec.GlobalJson is { } globalJson
            ? $"          global-json-file: {YamlText.Scalar(globalJson)}\n"
            : $"          dotnet-version: {YamlText.Scalar(spec.DotnetVersion)}\n");

        string tool;
        if (spec.ToolProject is { } project)
        {
            y.Append("      - name: Build PipelineBuild from source\n        shell: bash\n");
            y.Append("        run: dotnet build ").Append(Shell(project)).Append(" -c Release -o \"$RUNNER_TEMP/pipelinebuild\"\n");
            tool = "dotnet \"$RUNNER_TEMP/pipelinebuild/dotnet-pipeline.dll\"";
        }
        else
        {
            y.Append("      - name: Install PipelineBuild\n        shell: bash\n        run: |\n");
            y.Append("          dotnet tool install PipelineBuild.Tool --version ").Append(Shell(spec.ToolVersion));
            if (spec.ToolSource is { } source)
            {
                y.Append(" --add-source ").Append(Shell(source));
            }

            y.Append(" --tool-path \"$RUNNER_TEMP/pipelinebuild\"\n");
            y.Append("          echo \"$RUNNER_TEMP/pipelinebuild\" >> \"$GITHUB_PATH\"\n");
            tool = "dotnet-pipeline";
        }

        var key = $"{spec.CacheKeyPrefix}-${{{{ runner.os }}}}-${{{{ hashFiles('{spec.CacheKeyFile}') }}}}";
        y.Append("      - name: Restore the pipeline cache\n        id: cache\n        uses: actions/cache/restore@v4\n        with:\n");
        CachePath(y, spec);
        y.Append("          key: ").Append(key).Append('\n');
        y.Append("          restore-keys: |\n            ").Append(spec.CacheKeyPrefix).Append("-${{ runner.os }}-\n");

        y.Append("      - name: Run the pipeline\n        id: pipeline\n        shell: bash\n");
        y.Append("        run: ").Append(tool).Append(" run ").Append(Shell(spec.PipelineFile))
            .Append(" --report \"$RUNNER_TEMP/pipeline-report.json\" --junit \"$RUNNER_TEMP/pipeline-junit.xml\" --html \"$RUNNER_TEMP/pipeline-report.html\"\n");

        // Saved after failures too (finished steps are worth keeping), unless the restored entry already has this key.
        y.Append("      - name: Save the pipeline cache\n");
        y.Append("        if: always() && steps.cache.outputs.cache-matched-key != format('")
            .Append(spec.CacheKeyPrefix).Append("-{0}-{1}', runner.os, hashFiles('").Append(spec.CacheKeyFile).Append("'))\n");
        y.Append("        uses: actions/cache/save@v4\n        with:\n");
        CachePath(y, spec);
        y.Append("          key: ").Append(key).Append('\n');

        y.Append("      - name: Upload the reports and logs\n        if: always()\n        uses: actions/upload-artifact@v4\n        with:\n");
        y.Append("          name: ").Append(YamlText.Scalar($"pipeline-{spec.PipelineName}-reports")).Append('\n');
        y.Append("          path: |\n            ${{ runner.temp }}/pipeline-report.json\n            ${{ runner.temp }}/pipeline-report.html\n            ${{ runner.temp }}/pipeline-junit.xml\n");
        y.Append("            ").Append(spec.StateFolder).Append("/logs/\n");
        y.Append("          if-no-files-found: ignore\n");
        foreach (var (name, path) in spec.Artifacts)
        {
            y.Append("      - name: ").Append(YamlText.Scalar($"Upload artifact {name}")).Append('\n');
            y.Append("        uses: actions/upload-artifact@v4\n        with:\n");
            y.Append("          name: ").Append(YamlText.Scalar(name)).Append('\n');
            y.Append("          path: ").Append(YamlText.Scalar(path)).Append('\n');
        }

        return y.ToString();
    }

    internal static void Header(StringBuilder y, CiFileSpec spec)
    {
        y.Append("# Generated by PipelineBuild: ").Append(spec.CommandLine).Append('\n');
        y.Append("# Do not edit: change the pipeline or the options and run that command again.\n");
        y.Append("# Add --check to that command to verify this file is up to date.\n\n");
    }

    /// <summary>A word for bash: left bare when it is plain, single-quoted otherwise.</summary>
    internal static string Shell(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '=')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void CachePath(StringBuilder y, CiFileSpec spec) =>
        y.Append("          path: |\n            ").Append(spec.StateFolder).Append("\n            !").Append(spec.StateFolder).Append("/logs\n");
}
