using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Loading.Definitions;
using PipelineBuild.Core.Model;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Loading;

/// <summary>Every input of a definition invalidates its cache entry; an unchanged workspace uses it; a bad entry is never trusted.</summary>
public sealed class DefinitionCacheTests : IDisposable
{
    private const string Build = "build-1";

    private readonly TestWorkspace _workspace = TestWorkspace.Create();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public DefinitionCacheTests()
    {
        Directory.CreateDirectory(_workspace.PathOf(".pipeline"));
    }

    private string PipelineFile => _workspace.PathOf("pipeline.yaml");

    private string EntriesFolder => _workspace.PathOf(".pipeline/definitions");

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Should_use_the_cached_definition_when_nothing_changed()
    {
        // Given a pipeline loaded once
        WritePipeline("echo one");
        var first = Load();

        // When it is loaded again with nothing changed
        var second = Load();

        // Then the second load comes from the cache and gives the same step
        Assert.False(first.FromCache);
        Assert.True(second.FromCache, LoaderTestKit.Describe(second));
        Assert.Equal("echo one", CommandOf(second));
    }

    [Fact]
    public void Should_not_create_the_state_folder_when_only_loading()
    {
        // Given a workspace no run has used
        Directory.Delete(_workspace.PathOf(".pipeline"));
        WritePipeline("echo one");

        // When it is loaded twice
        Load();
        var second = Load();

        // Then nothing is cached and no state folder appears
        Assert.False(second.FromCache);
        Assert.False(_workspace.Exists(".pipeline"));
    }

    [Fact]
    public void Should_load_the_file_again_when_its_bytes_change()
    {
        // Given a cached definition
        WritePipeline("echo one");
        Load();
        Assert.True(Load().FromCache);

        // When the command changes (same length, same modification time)
        var time = File.GetLastWriteTimeUtc(PipelineFile);
        WritePipeline("echo two");
        File.SetLastWriteTimeUtc(PipelineFile, time);

        // Then the next load sees the new command, and the one after that caches it
        var changed = Load();
        Assert.False(changed.FromCache);
        Assert.Equal("echo two", CommandOf(changed));
        Assert.Equal("echo two", CommandOf(Load()));
    }

    [Fact]
    public void Should_load_again_when_the_params_file_the_pipeline_names_changes()
    {
        // Given a pipeline whose params come from params.yaml, cached
        _workspace.Write("params.yaml", "greeting: hello\n");
        _workspace.Write("pipeline.yaml", "pipeline: p\nparams: params.yaml\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ params.greeting }}\n");
        Load();
        Assert.True(Load().FromCache);

        // When the params file changes
        _workspace.Write("params.yaml", "greeting: howdy\n");

        // Then the command shows the new value
        var changed = Load();
        Assert.False(changed.FromCache);
        Assert.Equal("echo howdy", CommandOf(changed));
    }

    [Fact]
    public void Should_load_again_when_the_params_file_option_or_its_content_changes()
    {
        // Given a pipeline loaded with --params-file a.yaml, cached
        _workspace.Write("pipeline.yaml", "pipeline: p\nparams: { greeting: hello }\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ params.greeting }}\n");
        var a = _workspace.Write("a.yaml", "greeting: from-a\n");
        var b = _workspace.Write("b.yaml", "greeting: from-b\n");
        Load(Options(paramsFile: a));
        Assert.True(Load(Options(paramsFile: a)).FromCache);

        // When the file's content changes, then when another file is named, then when none is
        _workspace.Write("a.yaml", "greeting: from-a2\n");
        var contentChanged = Load(Options(paramsFile: a));
        var otherFile = Load(Options(paramsFile: b));
        var none = Load();

        // Then each load shows what it was given
        Assert.Equal(("echo from-a2", false), (CommandOf(contentChanged), contentChanged.FromCache));
        Assert.Equal(("echo from-b", false), (CommandOf(otherFile), otherFile.FromCache));
        Assert.Equal(("echo hello", false), (CommandOf(none), none.FromCache));
    }

    [Fact]
    public void Should_load_again_when_a_param_override_changes()
    {
        // Given a cached load with --param greeting=one
        _workspace.Write("pipeline.yaml", "pipeline: p\nparams: { greeting: hello }\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ params.greeting }}\n");
        Load(Options(parameters: ["greeting=one"]));
        Assert.True(Load(Options(parameters: ["greeting=one"])).FromCache);

        // When the override changes, and when it is dropped
        var changed = Load(Options(parameters: ["greeting=two"]));
        var dropped = Load();

        // Then the command follows it
        Assert.Equal(("echo two", false), (CommandOf(changed), changed.FromCache));
        Assert.Equal(("echo hello", false), (CommandOf(dropped), dropped.FromCache));
    }

    [Fact]
    public void Should_load_again_when_a_referenced_environment_variable_is_set_changed_or_unset()
    {
        // Given a pipeline whose command uses env.GREETING, loaded while it is unset (an error) and then set
        _workspace.Write("pipeline.yaml", "pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ env.GREETING }}\n");
        var unset = Load();
        _environment["GREETING"] = "hello";
        var set = Load();
        var cached = Load();

        // When it changes, and when it is unset again
        _environment["GREETING"] = "howdy";
        var changed = Load();
        _environment.Remove("GREETING");
        var unsetAgain = Load();

        // Then every load sees the variable as it is
        Assert.False(unset.Succeeded);
        Assert.Equal(("echo hello", false), (CommandOf(set), set.FromCache));
        Assert.Equal(("echo hello", true), (CommandOf(cached), cached.FromCache));
        Assert.Equal(("echo howdy", false), (CommandOf(changed), changed.FromCache));
        Assert.False(unsetAgain.Succeeded);
        Assert.Contains(unsetAgain.Diagnostics, d => d.Message.Contains("GREETING", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_load_again_when_a_variable_the_pipeline_declares_absent_appears()
    {
        // Given a pipeline whose env declares GREETING itself, so the process variable is never read
        _workspace.Write("pipeline.yaml", "pipeline: p\nenv: { GREETING: declared }\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ env.GREETING }} ${{ env.OTHER }}\n");
        _environment["OTHER"] = "x";
        Load();
        Assert.True(Load().FromCache);

        // When a variable the load never read changes
        _environment["GREETING"] = "from-process";
        var unrelated = Load();

        // Then the cache still holds (the declared value wins), while one it read invalidates it
        Assert.Equal(("echo declared x", true), (CommandOf(unrelated), unrelated.FromCache));
        _environment["OTHER"] = "y";
        Assert.Equal("echo declared y", CommandOf(Load()));
    }

    [Fact]
    public void Should_load_again_when_the_executor_option_changes()
    {
        // Given a container step, cached with no --executor
        _workspace.Write("pipeline.yaml", "pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        image: alpine:3\n        run: echo hi\n");
        Load();
        Assert.True(Load().FromCache);

        // When --executor swarm is given
        var swarm = Load(LoadOptionsWith(executor: Executor.Swarm));

        // Then the step runs on the swarm
        Assert.False(swarm.FromCache);
        Assert.Equal(Executor.Swarm, Assert.Single(swarm.Pipeline!.Steps).Executor);
        Assert.Equal(Executor.Local, Assert.Single(Load().Pipeline!.Steps).Executor);
    }

    [Fact]
    public void Should_load_again_when_a_variable_becomes_a_secret_and_never_store_a_secret()
    {
        // Given a cached pipeline that uses env.TOKEN as a plain variable
        _workspace.Write("pipeline.yaml", "pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: echo ${{ env.TOKEN }}\n");
        _environment["TOKEN"] = "s3cr3t-value";
        Load();
        Assert.True(Load().FromCache);
        DeleteEntries();

        // When it is loaded with --secret TOKEN, twice
        var secret = Load(LoadOptionsWith(secrets: ["TOKEN"]));
        var again = Load(LoadOptionsWith(secrets: ["TOKEN"]));

        // Then the step references the secret, the definition is never cached, and its value is in no state file
        Assert.False(secret.FromCache);
        Assert.False(again.FromCache);
        Assert.Equal(new[] { "TOKEN" }, Assert.Single(again.Pipeline!.Steps).Secrets.Names);
        Assert.Empty(EntryFiles());
    }

    [Fact]
    public void Should_not_store_a_pipeline_that_declares_the_secret_it_uses()
    {
        // Given a pipeline listing TOKEN under secrets:
        _workspace.Write("pipeline.yaml", "pipeline: p\nsecrets: [TOKEN]\nenv: { AUTH: \"${{ env.TOKEN }}\" }\nstages:\n  s:\n    steps:\n      a:\n        run: echo hi\n");
        _environment["TOKEN"] = "s3cr3t-value";

        // When it is loaded twice
        Load();
        var second = Load();

        // Then nothing was stored
        Assert.False(second.FromCache);
        Assert.Empty(EntryFiles());
    }

    [Fact]
    public void Should_never_trust_an_entry_of_another_tool_build()
    {
        // Given an entry written by one build
        WritePipeline("echo one");
        Load();
        Assert.True(Load().FromCache);

        // When another build loads
        var other = new DefinitionCache(Options(), "build-2").Load(PipelineFile);

        // Then it loads the file
        Assert.False(other.FromCache);
        Assert.Equal("echo one", CommandOf(other));
    }

    [Fact]
    public void Should_bypass_the_cache_when_told_to()
    {
        // Given a cached definition
        WritePipeline("echo one");
        Load();
        Assert.True(Load().FromCache);

        // When PIPELINEBUILD_NO_DEFINITION_CACHE=1
        _environment[DefinitionCache.BypassVariable] = "1";

        // Then the file is loaded
        Assert.False(Load().FromCache);
    }

    [Theory]
    [InlineData("flip-payload")]
    [InlineData("flip-checksum")]
    [InlineData("truncate")]
    [InlineData("truncate-to-header")]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("valid-checksum-over-garbage")]
    public void Should_ignore_a_damaged_entry(string damage)
    {
        // Given a cached definition whose entry is then damaged
        WritePipeline("echo one");
        Load();
        var entry = Assert.Single(EntryFiles());
        var bytes = File.ReadAllBytes(entry);
        var garbage = RandomNumberGenerator.GetBytes(4096);
        byte[] damaged = damage switch
        {
            "flip-payload" => Flipped(bytes, bytes.Length / 2),
            "flip-checksum" => Flipped(bytes, bytes.Length - 1),
            "truncate" => bytes[..(bytes.Length - 40)],
            "truncate-to-header" => bytes[..6],
            "empty" => [],
            "garbage" => garbage,
            _ => [.. garbage, .. DefinitionCacheFile.Checksum(garbage)],
        };
        File.WriteAllBytes(entry, damaged);

        // When it is loaded again
        var result = Load();

        // Then the entry is not trusted: the file is loaded, and a good entry replaces the bad one
        Assert.False(result.FromCache);
        Assert.Equal("echo one", CommandOf(result));
        Assert.True(Load().FromCache);
    }

    [Fact]
    public void Should_ignore_an_entry_of_the_previous_format_with_its_sha256_checksum()
    {
        // Given an entry rewritten as the previous format would have it: magic "PBD2" and a SHA-256 checksum
        WritePipeline("echo one");
        Load();
        var entry = Assert.Single(EntryFiles());
        var body = File.ReadAllBytes(entry)[..^16];
        "PBD2"u8.CopyTo(body);
        File.WriteAllBytes(entry, [.. body, .. SHA256.HashData(body)]);

        // When it is loaded
        var result = Load();

        // Then it is a miss, and a good entry replaces it
        Assert.False(result.FromCache);
        Assert.Equal("echo one", CommandOf(result));
        Assert.True(Load().FromCache);
    }

    [Fact]
    public void Should_ignore_an_entry_that_is_a_symlink()
    {
        // Given a valid entry moved outside the state folder and linked back in its place
        WritePipeline("echo one");
        Load();
        var entry = Assert.Single(EntryFiles());
        var outside = _workspace.PathOf("elsewhere.bin");
        File.Move(entry, outside);
        File.CreateSymbolicLink(entry, outside);

        // When it is loaded
        var result = Load();

        // Then the link is not followed
        Assert.False(result.FromCache);
        Assert.Equal("echo one", CommandOf(result));
    }

    [Fact]
    public void Should_neither_read_nor_write_through_a_linked_definitions_folder()
    {
        // Given .pipeline/definitions is a link to a folder outside the workspace holding a valid entry
        WritePipeline("echo one");
        Load();
        using var outside = TestWorkspace.Create();
        var target = Path.Combine(outside.Root, "definitions");
        Directory.Move(EntriesFolder, target);
        Directory.CreateSymbolicLink(EntriesFolder, target);
        var before = Directory.GetFiles(target).Select(File.ReadAllBytes).Single();

        // When it is loaded twice with a changed command
        WritePipeline("echo two");
        var result = Load();
        Load();

        // Then nothing was read or written through the link
        Assert.False(result.FromCache);
        Assert.Equal("echo two", CommandOf(result));
        Assert.Equal(before, Directory.GetFiles(target).Select(File.ReadAllBytes).Single());
    }

    [Fact]
    public void Should_not_cache_a_pipeline_whose_workspace_is_another_folder()
    {
        // Given a pipeline file in a subfolder whose workspace is its parent
        var file = _workspace.Write("pipelines/train.yaml", "pipeline: p\nworkspace: ..\nstages:\n  s:\n    steps:\n      a:\n        run: echo one\n");
        Directory.CreateDirectory(_workspace.PathOf("pipelines/.pipeline"));

        // When it is loaded twice
        new DefinitionCache(Options(), Build).Load(file);
        var second = new DefinitionCache(Options(), Build).Load(file);

        // Then it is loaded from the file both times
        Assert.False(second.FromCache);
    }

    [Fact]
    public void Should_give_back_the_warnings_of_the_load_that_was_cached()
    {
        // Given an entry written with a warning
        WritePipeline("echo one");
        var loaded = Load();
        var warning = PipelineDiagnostic.Warning("PB2001", new SourceLocation("pipeline.yaml", 3, 5), "a warning", "a hint");
        var key = DefinitionKey.Of(PipelineFile, Options(), Build);
        var inputs = new LoadInputs();
        inputs.FileRead(PipelineFile, SHA256.HashData(File.ReadAllBytes(PipelineFile)));
        var entry = Assert.Single(EntryFiles());
        DefinitionCacheFile.Write(entry, key, inputs, loaded.Pipeline!, [warning]);

        // When it is loaded from the cache
        var cached = Load();

        // Then the warning is there as it was
        Assert.True(cached.FromCache);
        Assert.Equal(warning, Assert.Single(cached.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(RichPipelines))]
    public void Should_give_back_exactly_the_definition_that_was_loaded(string yaml)
    {
        // Given a pipeline using every part of the format
        _workspace.Write("pipeline.yaml", yaml);
        _workspace.Write("params.yaml", "seed: 42\ntrain: { depth: 5, lr: [0.1, 0.01], deep: { a: { b: c } } }\n");
        _environment["DATA"] = "data/raw";

        // When it is loaded, then loaded from the cache
        var fresh = Load();
        var cached = Load();

        // Then every public property of every part is equal
        Assert.True(fresh.Succeeded, LoaderTestKit.Describe(fresh));
        Assert.True(cached.FromCache);
        AssertSame(fresh.Pipeline!, cached.Pipeline!, "pipeline");
    }

    [Theory]
    [MemberData(nameof(RichPipelines))]
    public void Should_give_each_cached_step_the_definition_digest_of_the_step_that_was_loaded(string yaml)
    {
        // Given a pipeline using every part of the format
        _workspace.Write("pipeline.yaml", yaml);
        _workspace.Write("params.yaml", "seed: 42\ntrain: { depth: 5, lr: [0.1, 0.01], deep: { a: { b: c } } }\n");
        _environment["DATA"] = "data/raw";

        // When it is loaded, then loaded from the cache
        var fresh = Load();
        var cached = Load();

        // Then each cached step's definition digest (a part of its fingerprint) is the loaded step's, and what hashing the cached step gives
        Assert.True(cached.FromCache);
        Assert.Equal(fresh.Pipeline!.Steps.Count, cached.Pipeline!.Steps.Count);
        foreach (var (loaded, read) in fresh.Pipeline.Steps.Zip(cached.Pipeline.Steps))
        {
            Assert.Equal(StepDefinitionDigest.Compute(loaded), StepDefinitionDigest.Of(read));
            Assert.Equal(StepDefinitionDigest.Compute(read), StepDefinitionDigest.Of(read));
        }
    }

    [Fact]
    public void Should_take_each_step_definition_digest_from_the_entry_instead_of_hashing_the_step_again()
    {
        // Given a cached definition whose step digest was replaced (and its checksum made to match)
        WritePipeline("echo one");
        Load();
        var entry = Assert.Single(EntryFiles());
        var bytes = File.ReadAllBytes(entry);
        var body = bytes[..^16];
        Array.Fill(body, (byte)0x5a, body.Length - ContentDigest.ByteLength, ContentDigest.ByteLength);
        File.WriteAllBytes(entry, [.. body, .. DefinitionCacheFile.Checksum(body)]);

        // When it is loaded from the cache
        var cached = Load();

        // Then the step's digest is the one the entry holds: a no-op does not hash the step's definition
        Assert.True(cached.FromCache);
        var step = Assert.Single(cached.Pipeline!.Steps);
        Assert.Equal(ContentDigest.FromHash(Enumerable.Repeat((byte)0x5a, ContentDigest.ByteLength).ToArray()), StepDefinitionDigest.Of(step));
    }

    [Fact]
    public void Should_hash_again_a_step_derived_from_a_cached_one()
    {
        // Given a step read from the cache
        WritePipeline("echo one");
        Load();
        var step = Assert.Single(Load().Pipeline!.Steps);

        // When a step is derived from it with another command
        var derived = step with { Command = "echo two" };

        // Then the derived step gets its own digest, not the one remembered for the step it came from
        Assert.Equal(StepDefinitionDigest.Compute(derived), StepDefinitionDigest.Of(derived));
        Assert.NotEqual(StepDefinitionDigest.Of(step), StepDefinitionDigest.Of(derived));
    }

    [Fact]
    public void Should_key_every_load_option()
    {
        // Given the options the definition key knows
        string[] keyed = ["ParamOverrides", "ParamsFile", "ProcessEnvironment", "Secrets", "Executor"];

        // Then LoadOptions has no other: a new option must enter DefinitionKey (and this list)
        var properties = typeof(LoadOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(keyed.Order(StringComparer.Ordinal), properties);
    }

    public static TheoryData<string> RichPipelines() => new()
    {
        """
        pipeline: rich
        params: params.yaml
        env: { PYTHONHASHSEED: "0", DATA_DIR: "${{ env.DATA }}" }
        images:
          sklearn: { build: docker/sklearn, dockerfile: gpu.Dockerfile }
          base: { image: "python:3.12-slim", pull: always }
        tasks: build/Tasks/Tasks.csproj
        cache:
          remote: http://cache-host:8090/cache
          mode: read
        executor: swarm
        registry: registry.example.com:5000/ml
        stages:
          prepare:
            steps:
              split:
                run: python3 src/split.py --seed ${{ params.seed }} ${{ env.DATA_DIR }}
                shell: bash -c
                inputs: [src/split.py, "data/raw/**/*.csv", "!**/obj/**"]
                outputs: [data/split/]
                env: { STEP: one }
                timeout: 30m
                retries: 2
                cache: false
          train:
            needs: [prepare]
            image: sklearn
            steps:
              fit:
                matrix: { lr: [0.1, 0.01], depth: [3, 5] }
                run: python3 src/train.py ${{ matrix.lr }} ${{ matrix.depth }}
                inputs: [src/train.py, data/split/]
                params: [train.depth, train.deep]
                outputs: ["models/model-${{ matrix.lr }}-${{ matrix.depth }}.pkl"]
                metrics: ["metrics/train-${{ matrix.lr }}-${{ matrix.depth }}.json"]
                network: none
                resources: { cpus: 1.5, memory: 2g, gpus: all }
                placement: [node.labels.gpu==true]
                plots:
                  - "plots/loss-${{ matrix.lr }}-${{ matrix.depth }}.csv": { x: epoch, y: [loss, val_loss], title: Loss, x_label: epoch, y_label: loss }
              report:
                run: python3 src/report.py
                executor: local
                frozen: true
              evaluate:
                task: Evaluate
                with: { threshold: 0.9, list: [1, 2, { a: b }] }
                inputs: [models/]
          explore:
            steps:
              notebook:
                notebook: notebooks/train.ipynb
                kernel: python3
                export: html
                params: [seed]
        artifacts:
          iris-model: { path: models/, version: 1.0.x, publish: [local] }
        schedules:
          - cron: "0 3 * * *"
          - watch: ["data/raw/**"]
          - drift: { metric: drift.max, above: 0.2 }
        plots:
          - plots/roc.json: { template: roc }
        """,
    };

    private static byte[] Flipped(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }

    private static void AssertSame(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: {expected} vs {actual}");
            return;
        }

        Assert.True(path.Count(c => c == '.') < 40, $"{path}: nested too deep (a property that returns a new object?)");
        var type = expected.GetType();
        var isModel = type.Namespace?.StartsWith("PipelineBuild", StringComparison.Ordinal) == true;
        Assert.True(type == actual.GetType() || (expected is IEnumerable && actual is IEnumerable), $"{path}: {type} vs {actual.GetType()}");
        if (type.IsPrimitive || type.IsEnum || expected is string or TimeSpan or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: '{expected}' vs '{actual}'");
            return;
        }

        // Collections compare by their items: a cached definition may hold another list type than the loader made.
        if (expected is IEnumerable sequence)
        {
            var left = sequence.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: {left.Count} vs {right.Count} items");
            for (var i = 0; i < left.Count; i++)
            {
                AssertSame(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        Assert.True(
            isModel || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)),
            $"{path}: no comparison for {type}");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                AssertSame(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }

    private void WritePipeline(string command) =>
        _workspace.Write("pipeline.yaml", $"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        run: {command}\n");

    private LoadResult Load(LoadOptions? options = null) => new DefinitionCache(options ?? Options(), Build).Load(PipelineFile);

    private LoadOptions Options(string[]? parameters = null, string? paramsFile = null) =>
        new(parameters ?? [], paramsFile, _environment);

    private LoadOptions LoadOptionsWith(Executor? executor = null, string[]? secrets = null) =>
        Options() with { Executor = executor, Secrets = secrets ?? [] };

    private static string CommandOf(LoadResult result)
    {
        Assert.True(result.Succeeded, LoaderTestKit.Describe(result));
        return Assert.Single(result.Pipeline!.Steps).Command!;
    }

    private string[] EntryFiles() => Directory.Exists(EntriesFolder) ? Directory.GetFiles(EntriesFolder) : [];

    private void DeleteEntries()
    {
        foreach (var file in EntryFiles())
        {
            File.Delete(file);
        }
    }
}
