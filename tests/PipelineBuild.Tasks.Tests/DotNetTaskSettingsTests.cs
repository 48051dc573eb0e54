using PipelineBuild.Tasks.DotNet;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

public sealed class DotNetTaskSettingsTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("1.2.3-beta.1+sha.abc", "1.2.3-beta.1")]
    [InlineData("0.1.0", "0.1.0")]
    public void Should_normalize_a_semver_version(string text, string normalized) =>
        Assert.Equal(normalized, DotNetPackTask.ParseVersion(text).ToNormalizedString());

    [Fact]
    public void Should_reject_a_version_that_is_not_semver() =>
        Assert.Equal(
            "with.version: '1.2.3.4.5' is not a SemVer 2.0 version; write e.g. 1.2.3 or 1.2.3-beta.1",
            Assert.Throws<FormatException>(() => DotNetPackTask.ParseVersion("1.2.3.4.5")).Message);

    [Fact]
    public void Should_add_up_the_counters_of_every_trx_file()
    {
        // Given two TRX files as 'dotnet test --logger trx' writes them (a skipped test is in total, not in executed)
        using var ws = TestWorkspace.Create();
        ws.Write("results/a.trx", Trx(total: 10, passed: 8, failed: 1, skipped: 1));
        ws.Write("results/sub/b.trx", Trx(total: 5, passed: 5, failed: 0, skipped: 0));

        // When
        var counters = TrxCounters.Read(ws.PathOf("results"));

        // Then
        Assert.Equal(new TrxCounters(2, 15, 13, 1, 1), counters);
    }

    private static string Trx(int total, int passed, int failed, int skipped) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Completed">
            <Counters total="{total}" executed="{total - skipped}" passed="{passed}" failed="{failed}" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="0" />
          </ResultSummary>
        </TestRun>
        """;
}
