namespace PipelineBuild.EndToEnd.Tests;

/// <summary>The built-in dotnet-build, dotnet-test and dotnet-pack tasks on a real (tiny) library and its tests.</summary>
public sealed class BuiltInDotNetTasksTests
{
    private const string Sources = """["lib/**/*.cs", "lib/*.csproj", "lib.tests/**/*.cs", "lib.tests/*.csproj", "!**/obj/**", "!**/bin/**"]""";

    [Fact]
    public void Should_build_test_with_counts_as_metrics_and_pack_at_the_given_version_then_do_nothing_on_a_rerun()
    {
        // Given a library, its xunit tests (one passes, one is skipped) and a build → test → pack pipeline
        using var scenario = new Scenario($$"""
            pipeline: lib
            stages:
              build:
                steps:
                  compile:
                    task: dotnet-build
                    with: { project: lib.tests/Lib.Tests.csproj, configuration: Release }
                    inputs: {{Sources}}
              verify:
                needs: [build]
                steps:
                  test:
                    task: dotnet-test
                    with: { project: lib.tests/Lib.Tests.csproj, configuration: Release, results: out/test-results }
                    inputs: {{Sources}}
                    outputs: [out/test-results/]
                    metrics: [out/tests.json]
              pack:
                needs: [verify]
                steps:
                  lib:
                    task: dotnet-pack
                    with: { project: lib/Lib.csproj, output: out/packages, version: 1.2.3-beta.4, configuration: Release }
                    inputs: {{Sources}}
                    outputs: [out/packages/]
            """);
        WriteLibrary(scenario);

        // When it runs twice
        var (first, firstReport) = scenario.Run();
        var (second, secondReport) = scenario.Run();

        // Then the tests ran and were counted, the package has the version, and the rerun did nothing
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(firstReport.Steps.Values, s => Assert.Equal("ran", s.State));
        var metrics = scenario.Workspace.Read("out/tests.json");
        Assert.Matches("\"tests.passed\"\\s*:\\s*1\\b", metrics);
        Assert.Matches("\"tests.skipped\"\\s*:\\s*1\\b", metrics);
        Assert.Matches("\"tests.failed\"\\s*:\\s*0\\b", metrics);
        Assert.True(scenario.Workspace.Exists("out/packages/Lib.1.2.3-beta.4.nupkg"), string.Join(", ", Directory.EnumerateFiles(scenario.Workspace.PathOf("out"), "*", SearchOption.AllDirectories)));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(secondReport.Steps.Values, s => Assert.Equal("up-to-date", s.State));
    }

    private static void WriteLibrary(Scenario scenario)
    {
        scenario.Workspace.Write("lib/Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
            </Project>
            """);
        scenario.Workspace.Write("lib/Calculator.cs", "namespace Lib; public static class Calculator { public static int Add(int a, int b) => a + b; }\n");
        scenario.Workspace.Write("lib.tests/Lib.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsPackable>false</IsPackable></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
              <ItemGroup><ProjectReference Include="../lib/Lib.csproj" /></ItemGroup>
            </Project>
            """);
        scenario.Workspace.Write("lib.tests/CalculatorTests.cs", """
            namespace Lib.Tests;
            public class CalculatorTests
            {
                [Xunit.Fact] public void Adds() => Xunit.Assert.Equal(5, Calculator.Add(2, 3));
                [Xunit.Fact(Skip = "shows up as skipped")] public void Later() { }
            }
            """);
    }
}
