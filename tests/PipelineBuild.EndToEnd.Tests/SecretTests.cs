using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Secrets enter fingerprints by name only: rotating one reruns nothing, and its value is in no file the tool writes.</summary>
public sealed class SecretTests
{
    private const string FirstValue = "s3cr3t-first-9f2c41";
    private const string RotatedValue = "s3cr3t-rotated-77b0de";

    [Fact]
    public void Should_keep_a_step_up_to_date_when_a_declared_secret_is_rotated_and_write_its_value_nowhere()
    {
        // Given a step that uses a secret in its command and in its env
        using var scenario = new Scenario("""
            pipeline: secrets
            secrets: [API_TOKEN]
            stages:
              s:
                steps:
                  call:
                    env: { AUTH_HEADER: "Bearer ${{ env.API_TOKEN }}" }
                    run: |
                      printf '%s' ${{ env.API_TOKEN }} | sha256sum > got.txt
                      printf '%s' "$AUTH_HEADER" | sha256sum >> got.txt
                    outputs: [got.txt]
            """);
        var first = RunWith(scenario, "API_TOKEN", FirstValue);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal($"{Sha256(FirstValue)}  -\n{Sha256("Bearer " + FirstValue)}  -\n", scenario.Workspace.Read("got.txt"));

        // When the token is rotated and the pipeline runs again
        var second = RunWith(scenario, "API_TOKEN", RotatedValue, "--report", "report.json");

        // Then the step is up to date, and no file of the workspace nor any output of the tool holds either value
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("up-to-date", ReportReader.Read(scenario.Workspace.PathOf("report.json")).State("s.call"));
        AssertNowhere(scenario, first, second);
    }

    [Fact]
    public void Should_treat_a_run_secret_option_as_a_secret_of_the_pipeline()
    {
        // Given a pipeline that does not declare the variable a CI job passes with --secret
        using var scenario = new Scenario("""
            pipeline: secrets
            stages:
              s:
                steps:
                  call:
                    run: printf '%s' "${{ env.CI_TOKEN }}" | sha256sum > got.txt
                    outputs: [got.txt]
            """);
        var first = RunWith(scenario, "CI_TOKEN", FirstValue, "--secret", "CI_TOKEN");
        Assert.True(first.ExitCode == 0, first.ToString());

        // When the token is rotated
        var second = RunWith(scenario, "CI_TOKEN", RotatedValue, "--secret", "CI_TOKEN", "--report", "report.json");

        // Then nothing reruns and the value is nowhere
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("up-to-date", ReportReader.Read(scenario.Workspace.PathOf("report.json")).State("s.call"));
        Assert.Equal($"{Sha256(FirstValue)}  -\n", scenario.Workspace.Read("got.txt"));
        AssertNowhere(scenario, first, second);
    }

    private static ToolResult RunWith(Scenario scenario, string name, string value, params string[] args) =>
        PipelineTool.Run(scenario.Root, new Dictionary<string, string> { [name] = value }, ["run", .. args]);

    private static void AssertNowhere(Scenario scenario, params ToolResult[] results)
    {
        foreach (var value in new[] { FirstValue, RotatedValue })
        {
            foreach (var result in results)
            {
                Assert.DoesNotContain(value, result.Stdout + result.Stderr, StringComparison.Ordinal);
            }

            foreach (var file in Directory.EnumerateFiles(scenario.Root, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"{Path.GetRelativePath(scenario.Root, file)} holds the secret");
            }
        }
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
