using PipelineBuild.Core.Diagnostics;
using PipelineBuild.TaskRunner;
using PipelineBuild.TaskRunner.Kept;

namespace PipelineBuild.Tasks.Tests;

/// <summary>Which task hosts outlive a run, what one serves, and where its socket may go.</summary>
public sealed class KeptHostSettingsTests
{
    [Theory]
    [InlineData(null, false, true, 600)]
    [InlineData("", false, true, 600)]
    [InlineData(null, true, false, 0)]
    [InlineData("kept", true, true, 600)]
    [InlineData("kept:30", false, true, 30)]
    [InlineData("run", false, false, 0)]
    [InlineData(" kept:30 ", false, true, 30)]
    public void Should_keep_hosts_across_runs_unless_asked_not_to_or_in_CI(string? setting, bool inCi, bool kept, int idleSeconds)
    {
        // Given the variable, in a CI job or not
        var environment = new Dictionary<string, string?> { [TaskHostLifetime.Variable] = setting };

        // When the lifetime is read
        var lifetime = TaskHostLifetime.From(name => environment.GetValueOrDefault(name), inCi);

        // Then hosts are kept (for that idle time) or end with the run
        Assert.Equal(kept, lifetime.KeepAcrossRuns);
        Assert.Equal(TimeSpan.FromSeconds(idleSeconds), lifetime.Idle);
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("Kept")]
    [InlineData("kept:0")]
    [InlineData("kept:-5")]
    [InlineData("kept:1.5")]
    [InlineData("kept:")]
    [InlineData("kept:30s")]
    [InlineData("run:30")]
    public void Should_refuse_any_other_setting_with_PB1007_naming_the_variable_its_value_and_what_it_takes(string setting)
    {
        // Given a value the setting does not take
        var environment = new Dictionary<string, string?> { [TaskHostLifetime.Variable] = setting };

        // When the lifetime is read
        var error = Assert.Throws<PipelineException>(() => TaskHostLifetime.From(name => environment.GetValueOrDefault(name), inCi: false));

        // Then it is a usage error, never a quiet default
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(
            $"PIPELINEBUILD_TASK_HOSTS: error PB1007: '{setting}' is not a task host lifetime; write run (hosts end with each run), "
            + "kept (kept for the next run, 10 minutes idle) or kept:<seconds> (e.g. kept:600), or unset it for the default",
            error.Message);
    }

    [Fact]
    public void Should_name_another_host_for_any_other_environment_or_workspace_and_hold_no_value_in_the_name()
    {
        // Given one environment and the same with one value changed
        var host = new DotNetHost("dotnet", "/nonexistent/taskhost/PipelineBuild.TaskHost.dll");
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["SETTING"] = "secret-value" };
        var changed = new Dictionary<string, string>(environment) { ["SETTING"] = "secret-valuf" };

        // When their keys are made
        var key = KeptHostKey.Of("/w", host, environment);

        // Then the same settings give the same key, any difference another, and the key is digests in hex: the
        // workspace's first (the same for both environments), then the settings'
        Assert.Equal(key, KeptHostKey.Of("/w", host, new Dictionary<string, string>(environment)));
        Assert.NotEqual(key, KeptHostKey.Of("/w", host, changed));
        Assert.Equal(key[..17], KeptHostKey.Of("/w", host, changed)[..17]);
        Assert.NotEqual(key, KeptHostKey.Of("/w2", host, environment));
        Assert.NotEqual(key[..17], KeptHostKey.Of("/w2", host, environment)[..17]);
        Assert.Matches("^[0-9a-f]{16}-[0-9a-f]{32}$", key);
    }

    [Fact]
    public void Should_use_only_a_real_folder_of_ours_with_mode_0700_for_sockets()
    {
        // Given a private folder, an open one and a link to the private one
        var root = Path.Combine("/tmp", "pbks-" + Guid.NewGuid().ToString("N")[..8]);
        var owner = Core.Workspace.PrivateSocketFolder.EffectiveUserId();
        try
        {
            var mine = Directory.CreateDirectory(Path.Combine(root, "mine"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
            var open = Directory.CreateDirectory(Path.Combine(root, "open")).FullName;
            File.SetUnixFileMode(open, (UnixFileMode)0x1FF);
            var link = Path.Combine(root, "link");
            Directory.CreateSymbolicLink(link, mine);

            // Then only the private folder is usable
            Assert.True(Core.Workspace.PrivateSocketFolder.Usable(mine, owner));
            Assert.False(Core.Workspace.PrivateSocketFolder.Usable(open, owner));
            Assert.False(Core.Workspace.PrivateSocketFolder.Usable(link, owner));
            Assert.False(Core.Workspace.PrivateSocketFolder.Usable(mine, owner + 1));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
