using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Writes a .NET task project into a workspace, compiled against the SDK that ships beside the built tool.</summary>
internal static class TaskProjectScenario
{
    /// <summary>The task host's copy of PipelineBuild.Sdk: what a task project references when it uses the packed SDK.</summary>
    public static string SdkAssembly => Path.Combine(Path.GetDirectoryName(PipelineTool.ToolPath)!, "taskhost", "PipelineBuild.Sdk.dll");

    public static void WriteProject(TestWorkspace workspace, string folder, params (string File, string Code)[] sources)
    {
        workspace.Write($"{folder}/Tasks.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="PipelineBuild.Sdk" HintPath="{SdkAssembly}" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (file, code) in sources)
        {
            workspace.Write($"{folder}/{file}", code);
        }
    }
}
