using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>Container steps on the real engine (docs/pipeline-format.md, "Containers"): images built from the repo, the mount, the user, exit codes and cleanup.</summary>
public sealed partial class ContainerStepTests
{
    private const string BuiltImagePipeline = """
        pipeline: boxed
        images:
          tools: { build: docker/tools }
        stages:
          count:
            image: tools
            steps:
              words:
                run: cat /marker.txt > words.txt && wc -w < in.txt >> words.txt && echo ran >> executions.log
                inputs: [in.txt]
                outputs: [words.txt]
          host:
            steps:
              copy:
                run: cp in.txt copy.txt
                inputs: [in.txt]
                outputs: [copy.txt]
        """;

    [DockerFact]
    public void Should_build_the_image_from_the_repo_and_write_outputs_through_the_workspace_mount()
    {
        TestEngine.EnsureAvailable();
        var unique = $"v-{Guid.NewGuid():N}";
        using var scenario = BuiltImageScenario(unique);

        var (result, report) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("count.words"));
        Assert.Equal($"{unique}\n3\n", scenario.Workspace.Read("words.txt"));
        Assert.Contains("building image 'tools'", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [DockerFact]
    public void Should_be_up_to_date_on_a_rerun_without_building_again()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BuiltImageScenario("v1");
        Assert.Equal(0, scenario.Run().Result.ExitCode);

        var (result, report) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("up-to-date", report.State("count.words"));
        Assert.DoesNotContain("building image", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, scenario.Executions());
    }

    [DockerFact]
    public void Should_rerun_exactly_the_steps_that_use_an_image_when_its_context_changes()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BuiltImageScenario("v1");
        Assert.Equal(0, scenario.Run().Result.ExitCode);

        var changed = $"v-{Guid.NewGuid():N}";
        scenario.Workspace.Write("docker/tools/marker.txt", changed + "\n");
        var status = scenario.Tool("status");
        var (result, report) = scenario.Run();

        Assert.Contains("environment: image 'tools' is built first", status.Stdout, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("count.words"));
        Assert.Equal("image changed", report.Reason("count.words"));
        Assert.Equal("up-to-date", report.State("host.copy"));
        Assert.StartsWith(changed, scenario.Workspace.Read("words.txt"), StringComparison.Ordinal);
    }

    [DockerFact]
    public void Should_run_a_step_in_an_image_built_from_scratch()
    {
        TestEngine.EnsureAvailable();
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists);
        Assert.True(busybox is not null, "busybox-static is needed to build a FROM scratch image; run 'sudo bash build/docker-up.sh'");
        using var scenario = new Scenario("""
            pipeline: scratch
            images:
              bare: { build: image }
            stages:
              s:
                steps:
                  hello:
                    image: bare
                    run: echo "from scratch" > hello.txt
                    outputs: [hello.txt]
            """);
        Directory.CreateDirectory(scenario.Workspace.PathOf("image"));
        File.Copy(busybox, scenario.Workspace.PathOf("image/sh"));
        scenario.Workspace.Write("image/Dockerfile", "FROM scratch\nCOPY sh /bin/sh\n");

        var (result, _) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("from scratch\n", scenario.Workspace.Read("hello.txt"));
    }

    [DockerFact]
    public void Should_run_a_plain_local_image_reference_and_record_its_content_id()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("env", "env: { GREETING: hello }", "run: echo \"$GREETING $(pwd)\" > env.txt", "outputs: [env.txt]");

        var (result, _) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hello /workspace\n", scenario.Workspace.Read("env.txt"));
        Assert.Contains(TestEngine.ImageId(TestEngine.BaseImage)!, scenario.Workspace.Read("pipeline.lock"), StringComparison.Ordinal);
    }

    [DockerFact]
    public void Should_fail_with_exit_1_and_the_tail_of_the_step_stderr()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("bad", "run: echo \"model file is corrupt\" >&2; exit 7");

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.bad"));
        Assert.Contains("exit code 7", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("model file is corrupt", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [DockerFact]
    public void Should_apply_the_memory_limit_and_say_so_when_the_step_is_killed_for_it()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("big", "resources: { memory: 16m }", "run: dd if=/dev/zero of=/dev/null bs=64M count=1");

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("killed for using more memory than its limit", report.Error("s.big"), StringComparison.Ordinal);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [DockerFact]
    public void Should_remove_the_container_when_a_step_times_out()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("slow", "run: sleep 60", "timeout: 2s");

        var (result, report) = scenario.Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out", report.Error("s.slow"), StringComparison.Ordinal);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [DockerFact]
    public void Should_remove_the_container_and_exit_130_on_ctrl_c()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("long", "run: touch started; sleep 60");
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        WaitFor(() => scenario.Workspace.Exists("started"), "the container step never started");
        Assert.NotEmpty(TestEngine.ContainersOf(scenario.Root));

        Assert.Equal(0, Kill(run.Id, 2));
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), "the tool did not stop within 20 s of Ctrl-C");

        Assert.Equal(130, run.ExitCode);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [DockerFact]
    public void Should_remove_containers_a_killed_run_left_behind_at_the_next_run()
    {
        TestEngine.EnsureAvailable();
        using var scenario = BaseImageScenario("long", "run: if [ -e second ]; then echo done > out.txt; else touch started; sleep 60; fi", "outputs: [out.txt]");
        using (var run = PipelineTool.Start(scenario.Root, null, "run"))
        {
            WaitFor(() => scenario.Workspace.Exists("started"), "the container step never started");
            Assert.Equal(0, Kill(run.Id, 9));
            run.WaitForExit();
        }

        Assert.NotEmpty(TestEngine.ContainersOf(scenario.Root));
        scenario.Workspace.Write("second", "");

        var (result, _) = scenario.Run();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("left by an earlier run", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(TestEngine.ContainersOf(scenario.Root));
    }

    [Fact]
    public void Should_exit_3_naming_the_endpoint_when_no_engine_answers()
    {
        using var scenario = BaseImageScenario("boxed", "run: echo hi");
        var missing = $"unix://{Path.Combine(scenario.Root, "no-engine.sock")}";

        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["DOCKER_HOST"] = missing }, "run");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"no Docker engine answers at {missing}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("PB5001", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [DockerFact]
    public void Should_fail_clearly_when_an_image_is_missing_and_cannot_be_pulled()
    {
        TestEngine.EnsureAvailable();
        using var scenario = new Scenario("""
            pipeline: missing
            images:
              ghost: { image: "localhost:1/nobody/ghost:0.0.0", pull: missing }
              never: { image: "nobody/never:0.0.0", pull: never }
            stages:
              s:
                steps:
                  a:
                    image: ghost
                    run: echo a
                  b:
                    image: never
                    run: echo b
            """);

        var (result, report) = scenario.Run("--keep-going");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("image 'localhost:1/nobody/ghost:0.0.0' is not on the Docker engine and could not be pulled", report.Error("s.a"), StringComparison.Ordinal);
        Assert.Contains("'pull: never' forbids pulling it", report.Error("s.b"), StringComparison.Ordinal);
    }

    [DockerFact]
    public void Should_honour_DOCKER_HOST_pointing_at_a_tcp_listener()
    {
        TestEngine.EnsureAvailable();
        using var proxy = new TcpSocketProxy(TestEngine.SocketPath);
        using var scenario = BuiltImageScenario("tcp");

        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["DOCKER_HOST"] = proxy.Address }, "run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("tcp", scenario.Workspace.Read("words.txt"), StringComparison.Ordinal);
        Assert.True(proxy.Connections > 0, "the tool did not connect to DOCKER_HOST");
    }

    [DockerFact]
    public void Should_run_the_container_as_the_invoking_user_so_outputs_are_not_owned_by_root()
    {
        TestEngine.EnsureAvailable();
        using var proxy = new TcpSocketProxy(TestEngine.SocketPath);
        using var scenario = BaseImageScenario("who", "run: id -u > uid.txt; id -g >> uid.txt", "outputs: [uid.txt]");
        var env = new Dictionary<string, string> { ["DOCKER_HOST"] = proxy.Address, ["HOME"] = scenario.Root, ["DOTNET_CLI_HOME"] = scenario.Root };
        int user;
        ToolResult result;
        if (GetUid() == 0)
        {
            // As root, run the tool as an ordinary user, as a developer would.
            user = 4321;
            Chown(scenario.Root, user);
            result = PipelineTool.RunAs(user, scenario.Root, env, "run");
        }
        else
        {
            user = (int)GetUid();
            result = PipelineTool.Run(scenario.Root, env, "run");
        }

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{user}\n{user}\n", scenario.Workspace.Read("uid.txt"));
        Assert.Equal(user, OwnerOf(scenario.Workspace.PathOf("uid.txt")));
    }

    /// <summary>A pipeline of one step <c>s.&lt;name&gt;</c> in the base image; <paramref name="keys"/> are its lines (run, outputs…).</summary>
    private static Scenario BaseImageScenario(string name, params string[] keys) => new($"""
        pipeline: boxed
        stages:
          s:
            steps:
              {name}:
                image: {TestEngine.BaseImage}
        {string.Concat(keys.Select(k => $"        {k}\n"))}
        """);

    private static Scenario BuiltImageScenario(string marker)
    {
        var scenario = new Scenario(BuiltImagePipeline);
        scenario.Workspace.Write("in.txt", "three small words\n");
        scenario.Workspace.Write("docker/tools/Dockerfile", $"FROM {TestEngine.BaseImage}\nCOPY marker.txt /marker.txt\n");
        scenario.Workspace.Write("docker/tools/marker.txt", marker + "\n");
        return scenario;
    }

    private static void WaitFor(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), failure);
            Thread.Sleep(50);
        }
    }

    private static void Chown(string root, int user)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            Assert.Equal(0, LChown(path, user, user));
        }
    }

    private static int OwnerOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, int owner, int group);
}
