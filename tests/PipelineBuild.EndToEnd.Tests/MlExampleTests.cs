using System.Reflection;
using System.Security.Cryptography;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>examples/ml-dotnet end to end, in a copy laid out like a clean clone (the example, the SDK's sources, the repository's MSBuild files).</summary>
public sealed class MlExampleTests
{
    private static readonly string Repository =
        typeof(MlExampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void Should_train_and_evaluate_deterministically_and_rerun_only_what_a_param_change_touches()
    {
        // Given a fresh copy of the example
        using var clone = TestWorkspace.Create();
        Copy("examples/ml-dotnet", clone, skip: ["data/split", "reports", "models", "metrics", ".pipeline", "pipeline.lock", "bin", "obj"]);
        Copy("src/PipelineBuild.Sdk", clone, skip: ["bin", "obj"]);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" }.Where(f => File.Exists(Path.Combine(Repository, f))))
        {
            File.Copy(Path.Combine(Repository, file), clone.PathOf(file));
        }

        var example = clone.PathOf("examples/ml-dotnet");

        // When it runs, then runs again, then with another number of trees
        var first = Run(example);
        var modelDigest = Digest(example, "models/model.zip");
        var second = Run(example);
        var changed = Run(example, "--param", "train.trees=10");
        Run(example, "--force", "--step", "train.fit");

        // Then the first run trained a good model and recorded its metrics
        Assert.All(first.Steps.Values, s => Assert.Equal("ran", s.State));
        var metrics = File.ReadAllText(Path.Combine(example, "metrics/eval.json"));
        var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(metrics, "\"accuracy\": ([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.85, metrics);
        Assert.Contains("drift.petal_width", File.ReadAllText(Path.Combine(example, "metrics/test-profile.json")), StringComparison.Ordinal);

        // And the second did nothing; the param change retrained and re-evaluated only
        Assert.All(second.Steps.Values, s => Assert.Equal("up-to-date", s.State));
        Assert.Equal("param changed: train.trees", changed.Reason("train.fit"));
        Assert.Equal("ran", changed.State("train.evaluate"));
        Assert.Equal("up-to-date", changed.State("prepare.split"));
        Assert.Equal("up-to-date", changed.State("profile.test-data"));

        // And training with the first params again gives the same model, byte for byte
        Assert.Equal(modelDigest, Digest(example, "models/model.zip"));
    }

    private static ReportReader Run(string workspace, params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"pb-report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(workspace, ["run", "--report", reportPath, .. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = ReportReader.Read(reportPath);
        File.Delete(reportPath);
        return report;
    }

    private static string Digest(string workspace, string file) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(workspace, file))));

    private static void Copy(string folder, TestWorkspace clone, string[] skip)
    {
        var source = Path.Combine(Repository, folder);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (!skip.Any(s => relative == s || relative.StartsWith(s + "/", StringComparison.Ordinal) || relative.Contains("/" + s + "/", StringComparison.Ordinal)))
            {
                var target = clone.PathOf($"{folder}/{relative}");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
