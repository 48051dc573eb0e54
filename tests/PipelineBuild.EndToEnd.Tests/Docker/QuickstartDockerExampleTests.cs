using System.Security.Cryptography;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>
/// examples/quickstart-docker, copied to a temp folder and run through the tool on the Docker engine:
/// the same results as the host quickstart, a no-op rerun, and a Dockerfile edit that reruns every step.
/// </summary>
public sealed class QuickstartDockerExampleTests
{
    private static readonly string[] Steps = ["prepare.tokenize", "features.words", "features.bigrams", "report.summary"];

    [DockerFact]
    public void Should_match_the_host_quickstart_then_be_up_to_date_then_rerun_every_step_when_the_dockerfile_changes()
    {
        TestEngine.EnsureAvailable();

        // Given a fresh copy of the example (no state, no outputs)
        using var scenario = CopyOfExample();

        // When it runs
        var (first, firstReport) = scenario.Run();

        // Then every step ran in its container and wrote what the host quickstart writes
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(Steps, id => Assert.Equal("ran", firstReport.State(id)));
        foreach (var (step, output) in new[] { ("features.words", "features/words.tsv"), ("features.bigrams", "features/bigrams.tsv"), ("report.summary", "reports/summary.md"), ("report.summary", "metrics/summary.json") })
        {
            Assert.Equal(HostQuickstartDigest(step, output), Sha256(scenario.Workspace.PathOf(output)));
        }

        // When it runs again, nothing changed
        var (second, secondReport) = scenario.Run();

        // Then nothing runs
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(Steps, id => Assert.Equal("up-to-date", secondReport.State(id)));

        // When the image's Dockerfile changes (a fixed edit: repeated test runs reuse one image tag)
        File.AppendAllText(scenario.Workspace.PathOf("docker/Dockerfile"), "# edited by QuickstartDockerExampleTests\n");
        var (third, thirdReport) = scenario.Run();

        // Then the image is rebuilt and every step reruns because of it
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.All(Steps, id =>
        {
            Assert.Equal("ran", thirdReport.State(id));
            Assert.Equal("image changed", thirdReport.Reason(id));
        });
    }

    private static Scenario CopyOfExample()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "quickstart-docker");
        var scenario = new Scenario(File.ReadAllText(Path.Combine(example, "pipeline.yaml")));
        foreach (var relative in new[] { "pipeline.lock", "docker/Dockerfile", "data/raw/gettysburg.txt", "data/raw/declaration-preamble.txt" }
                     .Concat(Directory.GetFiles(Path.Combine(example, "scripts")).Select(f => "scripts/" + Path.GetFileName(f))))
        {
            var target = scenario.Workspace.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(example, relative), target);
        }

        return scenario;
    }

    /// <summary>An output's digest in examples/quickstart/pipeline.lock: the host run's result.</summary>
    private static string HostQuickstartDigest(string step, string output)
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "quickstart", "pipeline.lock")));
        return lockFile.RootElement.GetProperty("steps").GetProperty(step).GetProperty("outputs").GetProperty(output).GetString()!;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PipelineBuild.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no PipelineBuild.sln above {AppContext.BaseDirectory}");
    }
}
