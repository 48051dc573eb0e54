using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.Cli.Tests.Composition;

/// <summary><c>PIPELINEBUILD_PROCESS_LAUNCHER</c>: the values it takes, and a usage error for any other.</summary>
public sealed class ProcessLaunchSettingTests
{
    [Theory]
    [InlineData(null, ProcessLaunch.Spawn)]
    [InlineData("", ProcessLaunch.Spawn)]
    [InlineData("spawn", ProcessLaunch.Spawn)]
    [InlineData("managed", ProcessLaunch.Managed)]
    [InlineData(" managed ", ProcessLaunch.Managed)]
    public void Should_start_processes_as_the_setting_says(string? setting, ProcessLaunch expected)
    {
        // Given the variable
        var environment = new Dictionary<string, string?> { [ProcessLaunchSetting.Variable] = setting };

        // When it is read
        var launch = ProcessLaunchSetting.From(name => environment.GetValueOrDefault(name));

        // Then
        Assert.Equal(expected, launch);
    }

    [Theory]
    [InlineData("Managed")]
    [InlineData("posix_spawn")]
    [InlineData("1")]
    public void Should_refuse_any_other_value_with_PB1007_naming_the_variable_its_value_and_what_it_takes(string setting)
    {
        // Given a value the setting does not take
        var environment = new Dictionary<string, string?> { [ProcessLaunchSetting.Variable] = setting };

        // When it is read
        var error = Assert.Throws<PipelineException>(() => ProcessLaunchSetting.From(name => environment.GetValueOrDefault(name)));

        // Then it is a usage error, never a quiet default
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(
            $"PIPELINEBUILD_PROCESS_LAUNCHER: error PB1007: '{setting}' is not a process launcher; write spawn (the default) or managed (the portable fallback), or unset it",
            error.Message);
    }
}
